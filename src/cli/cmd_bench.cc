// edgepose bench MODEL...: latency, throughput and memory of one or more models on one backend, at
// one or more thread counts, optionally beside Google's LiteRT (--baseline litert), in alternating
// rounds (--rounds, bench/plan.h), and the GFLOP/s of one large 1x1 conv (--peak). The table (or
// --json / --markdown files) goes to stdout/files; progress to stderr on a TTY.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/plan.h"
#include "bench/report.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"

namespace edgepose::cli {
namespace {

struct BenchCommandOptions {
  std::vector<std::string> models;
  InterpreterOptions runtime;
  std::vector<int> threads = {1};
  int rounds = 1;
  int warmup = 3;
  int runs = 30;
  double min_secs = 0.0;
  bool op_profile = false;
  std::string baseline;                // "" or "litert"
  std::string litert_variant = "simd";  // the single-threaded SIMD build (relaxed SIMD flag set by the script)
  bool peak = false;
  std::string peak_dtype = "float32";  // or "int8" (per-channel weights)
  uint64_t seed = 1;
  std::vector<std::string> inputs;
  std::string json_path, markdown_path;
};

Status WriteText(const std::string& path, const std::string& text) {
  return WriteFileAtomic(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

int Run(const BenchCommandOptions& o) {
  const bool tty = isatty(fileno(stderr));
  bench::BenchOptions options;
  options.backend = o.runtime.backend;
  options.warmup = o.warmup;
  options.runs = o.runs;
  options.min_seconds = o.min_secs;
  options.op_profile = o.op_profile;
  options.seed = o.seed;
  options.input_files = o.inputs;
  if (tty) options.progress = [](const std::string& line) { std::fprintf(stderr, "\r\033[K%s", line.c_str()); };

  bench::BenchPlan plan;
  plan.models = o.models;
  plan.threads = o.threads;
  plan.rounds = o.rounds;
  if (o.baseline == "litert") {
    plan.baseline.emplace();
    plan.baseline->variant = o.litert_variant;
    plan.baseline->runs = o.runs;
  }
  bench::BenchReport report;
  report.environment = bench::DetectEnvironment();
  auto results = bench::RunBenchPlan(plan, options);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (!results) return ReportError(results.error().message);
  report.models = std::move(*results);
  if (o.peak) {
    bench::PeakOptions peak;
    peak.backend = options.backend;
    peak.threads = o.threads.front();
    peak.type = o.peak_dtype == "int8" ? DType::kInt8 : DType::kFloat32;
    auto measured = bench::MeasurePeakConv(peak);
    if (!measured) return ReportError(measured.error().message);
    report.peak = *measured;
  }
  std::fputs(bench::FormatReport(report, bench::ReportFormat::kTable).c_str(), stdout);
  if (!o.json_path.empty())
    if (auto status = WriteText(o.json_path, bench::FormatReport(report, bench::ReportFormat::kJson)); !status)
      return ReportError(status.error().message);
  if (!o.markdown_path.empty())
    if (auto status = WriteText(o.markdown_path, bench::FormatReport(report, bench::ReportFormat::kMarkdown));
        !status)
      return ReportError(status.error().message);
  return kExitOk;
}

const CommandRegistration kRegistration{
    "bench", "Latency, GMAC/s and memory of models (optionally beside LiteRT)", 40, [](CLI::App& command) {
      auto o = std::make_shared<BenchCommandOptions>();
      command.add_option("models", o->models, "One or more .tflite models (several: one side-by-side table)")
          ->required()
          ->check(CLI::ExistingFile);
      AddBackendFlag(command, o->runtime);
      command.add_option("--threads", o->threads,
                         "Worker threads; a list (1,2) times every model at each and adds a speed-up column")
          ->delimiter(',')
          ->check(CLI::Range(1, 64))
          ->capture_default_str();
      command.add_option("--rounds", o->rounds,
                         "Split the runs (and LiteRT's) into this many alternating rounds and pool them, so "
                         "machine drift hits every model, thread count and the baseline alike; with 2 or more, "
                         "vs_threads_paired / vs_litert_paired are the median of the per-round ratios")
          ->check(CLI::Range(1, 1000))
          ->capture_default_str();
      command.add_option("--warmup", o->warmup, "Untimed runs after the first inference")
          ->check(CLI::Range(0, 100000))
          ->capture_default_str();
      command.add_option("--runs", o->runs, "Minimum timed runs over all rounds (also LiteRT's run count)")
          ->check(CLI::Range(1, 1000000))
          ->capture_default_str();
      command.add_option("--min-secs", o->min_secs,
                         "Keep timing until at least this many seconds passed (over all rounds)")
          ->check(CLI::Range(0.0, 3600.0))
          ->capture_default_str();
      command.add_flag("--op-profile", o->op_profile, "Time by node type and by node (separate profiled runs)");
      command.add_option("--baseline", o->baseline, "Also run each model in Google's LiteRT (Node/wasm)")
          ->check(CLI::IsMember({"litert"}));
      command.add_option("--litert-variant", o->litert_variant,
                         "LiteRT wasm build: simd (relaxed SIMD) or compat (SIMD128)")
          ->check(CLI::IsMember({"simd", "compat"}))
          ->capture_default_str();
      command.add_flag("--peak", o->peak, "Also measure GFLOP/s of one large 1x1 convolution");
      command.add_option("--peak-dtype", o->peak_dtype, "Data type of the --peak convolution")
          ->check(CLI::IsMember({"float32", "int8"}))
          ->capture_default_str();
      command.add_option("--seed", o->seed, "Seed of the random inputs")->capture_default_str();
      command.add_option("--input", o->inputs, "Input files (.npy or raw), one per model input, in order")
          ->check(CLI::ExistingFile);
      command.add_option("--json", o->json_path, "Also write the report as JSON to this file");
      command.add_option("--markdown", o->markdown_path, "Also write the report as Markdown to this file");
      return [o] { return Run(*o); };
    }};

}  // namespace
}  // namespace edgepose::cli
