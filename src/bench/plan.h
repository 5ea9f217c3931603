// A whole `edgepose bench` run: every model at every thread count, optionally beside LiteRT, in
// alternating rounds. A shared machine drifts by tens of percent over minutes (measured: the same
// float model at 8.2 ms and 12.3 ms a minute apart), so timing one side after the other can favour
// either; with R rounds each side runs 1/R of its runs per round, and the rounds' samples are pooled
// before the medians and ratios are taken.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/litert_baseline.h"
#include "bench/runner.h"
#include "edgepose/status.h"

namespace edgepose::bench {

struct BenchPlan {
  std::vector<std::string> models;
  std::vector<int> threads = {1};  // every model at each, in this order; speed-ups against the first
  int rounds = 1;
  std::optional<BaselineOptions> baseline;  // runs: total over all rounds
};

// Results in model order, each model's thread counts in plan order. `options.runs` and
// `options.min_seconds` are totals over the rounds; `options.threads` is ignored (the plan's are used);
// an op profile is taken once, in the last round.
Result<std::vector<ModelBenchResult>> RunBenchPlan(const BenchPlan& plan, BenchOptions options);

// Adds a later round of the same model and thread count to `into`: samples appended, statistics
// and throughput recomputed, peak RSS the larger; init and first-inference times stay the first
// round's; an op profile replaces an empty one.
void PoolRound(ModelBenchResult& into, ModelBenchResult round);
void PoolBaselineRound(BaselineResult& into, const BaselineResult& round);

// Median over rounds of numerator[r] / denominator[r]; 0 unless both hold the same number (>= 2) of
// positive round medians.
double MedianOfRoundRatios(const std::vector<double>& numerator, const std::vector<double>& denominator);

}  // namespace edgepose::bench
