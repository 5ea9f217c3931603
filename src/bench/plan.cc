#include "bench/plan.h"

#include <algorithm>
#include <cmath>

namespace edgepose::bench {
namespace {

int PerRound(int total, int rounds) { return std::max(1, (total + rounds - 1) / rounds); }

}  // namespace

void PoolRound(ModelBenchResult& into, ModelBenchResult round) {
  into.samples_ms.insert(into.samples_ms.end(), round.samples_ms.begin(), round.samples_ms.end());
  into.cpu_samples_ms.insert(into.cpu_samples_ms.end(), round.cpu_samples_ms.begin(), round.cpu_samples_ms.end());
  into.round_medians_ms.push_back(round.latency.median);
  into.latency = Summarize(into.samples_ms);
  into.cpu = Summarize(into.cpu_samples_ms);
  into.gmacs = into.latency.median > 0 ? static_cast<double>(into.macs) / (into.latency.median * 1e6) : 0;
  into.peak_rss_kb = std::max(into.peak_rss_kb, round.peak_rss_kb);
  if (into.by_op.empty()) into.by_op = std::move(round.by_op);
  if (into.by_node.empty()) into.by_node = std::move(round.by_node);
}

void PoolBaselineRound(BaselineResult& into, const BaselineResult& round) {
  into.times_ms.insert(into.times_ms.end(), round.times_ms.begin(), round.times_ms.end());
  into.round_medians_ms.push_back(round.median_ms);
  into.runs += round.runs;
  into.min_ms = std::min(into.min_ms, round.min_ms);
  // A script that reported no individual times leaves the median of the round medians.
  if (into.times_ms.size() == static_cast<size_t>(into.runs)) {
    into.median_ms = Summarize(into.times_ms).median;
  } else {
    std::vector<double> medians = into.round_medians_ms;
    into.median_ms = Summarize(std::move(medians)).median;
  }
}

double MedianOfRoundRatios(const std::vector<double>& numerator, const std::vector<double>& denominator) {
  if (numerator.size() != denominator.size() || numerator.size() < 2) return 0;
  std::vector<double> ratios;
  for (size_t r = 0; r < numerator.size(); ++r) {
    if (!(numerator[r] > 0) || !(denominator[r] > 0)) return 0;
    ratios.push_back(numerator[r] / denominator[r]);
  }
  return Summarize(std::move(ratios)).median;
}

Result<std::vector<ModelBenchResult>> RunBenchPlan(const BenchPlan& plan, BenchOptions options) {
  if (plan.models.empty()) return MakeError("no models to benchmark");
  if (plan.threads.empty()) return MakeError("no thread counts to benchmark");
  if (plan.rounds < 1) return MakeError("rounds must be at least 1, got " + std::to_string(plan.rounds));
  const int rounds = plan.rounds;
  const bool op_profile = options.op_profile;
  options.runs = PerRound(options.runs, rounds);
  options.min_seconds /= rounds;
  const auto progress = options.progress;

  const size_t rows_per_model = plan.threads.size();
  std::vector<ModelBenchResult> results(plan.models.size() * rows_per_model);
  std::vector<std::optional<BaselineResult>> baselines(plan.models.size());
  for (int round = 0; round < rounds; ++round) {
    const std::string round_tag =
        rounds > 1 ? "round " + std::to_string(round + 1) + "/" + std::to_string(rounds) + ": " : "";
    if (progress) options.progress = [&](const std::string& line) { progress(round_tag + line); };
    options.op_profile = op_profile && round == rounds - 1;
    for (size_t m = 0; m < plan.models.size(); ++m) {
      for (size_t t = 0; t < rows_per_model; ++t) {
        options.threads = plan.threads[t];
        EP_ASSIGN_OR_RETURN(ModelBenchResult measured, BenchmarkModel(plan.models[m], options));
        ModelBenchResult& row = results[m * rows_per_model + t];
        if (round == 0) {
          row = std::move(measured);
          row.round_medians_ms = {row.latency.median};
        } else {
          PoolRound(row, std::move(measured));
        }
      }
      if (!plan.baseline) continue;
      if (progress) progress(round_tag + results[m * rows_per_model].name + ": LiteRT baseline");
      BaselineOptions baseline = *plan.baseline;
      baseline.runs = PerRound(baseline.runs, rounds);
      EP_ASSIGN_OR_RETURN(BaselineResult litert, RunLiteRtBaseline(plan.models[m], baseline));
      if (!baselines[m]) {
        baselines[m] = litert;
        baselines[m]->round_medians_ms = {litert.median_ms};
      } else {
        PoolBaselineRound(*baselines[m], litert);
      }
    }
  }
  for (size_t m = 0; m < plan.models.size(); ++m) {
    const ModelBenchResult& first = results[m * rows_per_model];
    for (size_t t = 0; t < rows_per_model; ++t) {
      ModelBenchResult& row = results[m * rows_per_model + t];
      row.baseline = baselines[m];
      if (rows_per_model > 1 && row.latency.median > 0) row.thread_speedup = first.latency.median / row.latency.median;
      if (rows_per_model > 1)
        row.paired_thread_speedup = MedianOfRoundRatios(first.round_medians_ms, row.round_medians_ms);
      if (row.baseline)
        row.paired_litert_ratio = MedianOfRoundRatios(row.baseline->round_medians_ms, row.round_medians_ms);
    }
  }
  return results;
}

}  // namespace edgepose::bench
