// Benchmarks one model file: load, Interpreter::Create, first inference, then timed runs that keep
// every sample. Optionally a per-node profile (a separate profiled interpreter, so the profiler's
// clock reads never touch the latency samples), a LiteRT baseline (litert_baseline.h) and the
// GFLOP/s of one large 1x1 convolution (peak.h) to compare model throughput with.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/litert_baseline.h"
#include "bench/stats.h"
#include "edgepose/interpreter.h"
#include "edgepose/status.h"

namespace edgepose::bench {

struct BenchOptions {
  Backend backend = Backend::kXnnpack;
  int threads = 1;
  int warmup = 3;            // untimed runs after the first inference
  int runs = 30;             // at least this many timed runs ...
  double min_seconds = 0.0;  // ... and at least this much timed wall time
  bool op_profile = false;
  uint64_t seed = 1;                     // random inputs (runtime::FillRandom) when no files
  std::vector<std::string> input_files;  // .npy or raw, one per model input, in order
  // Called with a short status line while running (the CLI shows it on a TTY only).
  std::function<void(const std::string&)> progress;
};

struct OpTypeTime {
  std::string op;
  int nodes = 0;
  double ms = 0;  // per run
  double percent = 0;
  int64_t macs = 0;
};

struct NodeTime {
  int node_index = 0;
  std::string op, kernel;
  double ms = 0;  // per run
  double percent = 0;
  int64_t macs = 0;
};

struct ModelBenchResult {
  std::string path;
  std::string name;  // file name without directory and extension
  uint64_t file_bytes = 0;
  int64_t macs = 0;
  std::string backend;
  int threads = 1;
  double init_ms = 0;   // Model::Load + Interpreter::Create
  double first_ms = 0;  // first Invoke
  std::vector<double> samples_ms;
  SampleStats latency;    // over samples_ms
  // Process CPU time of each timed run (all threads). At 1 thread this is the compute time even on
  // a shared machine; with a thread pool it adds the workers' time (including their spinning).
  std::vector<double> cpu_samples_ms;
  SampleStats cpu;
  double gmacs = 0;       // macs / median latency
  size_t arena_bytes = 0;
  size_t constant_bytes = 0;
  int64_t peak_rss_kb = 0;  // process peak so far (getrusage ru_maxrss), after this model
  int xnnpack_nodes = 0, total_nodes = 0;
  std::vector<OpTypeTime> by_op;   // sorted by time, descending (op_profile only)
  std::vector<NodeTime> by_node;   // in node order (op_profile only)
  std::optional<BaselineResult> baseline;
  std::vector<double> round_medians_ms;  // one per round (plan.h)
  double thread_speedup = 0;  // same model's median at the plan's first thread count / this one; 0: n/a
  // The same two ratios taken within each round, then their median (0 with fewer than two rounds).
  // Each round runs a model's thread counts and its LiteRT baseline back to back, so a machine that
  // drifts between rounds moves both sides of a round's ratio alike (plan.h).
  double paired_thread_speedup = 0;
  double paired_litert_ratio = 0;  // LiteRT's round median / this row's
};

Result<ModelBenchResult> BenchmarkModel(const std::string& path, const BenchOptions& options);

// Peak resident set size of this process in KiB (getrusage ru_maxrss on Linux).
int64_t PeakRssKb();

}  // namespace edgepose::bench
