#include "bench/runner.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>

#include "edgepose/model.h"
#include "model/macs.h"
#include "runtime/tensor_io.h"

namespace edgepose::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Status FillInputs(Interpreter& interpreter, const BenchOptions& options) {
  if (!options.input_files.empty() && options.input_files.size() != interpreter.input_count())
    return MakeError("model has " + std::to_string(interpreter.input_count()) + " inputs, got " +
                     std::to_string(options.input_files.size()) + " input files");
  for (size_t i = 0; i < interpreter.input_count(); ++i) {
    if (options.input_files.empty())
      runtime::FillRandom(interpreter.input(i), options.seed + i);
    else
      EP_RETURN_IF_ERROR(runtime::LoadTensorFile(options.input_files[i], interpreter.input(i)));
  }
  return Ok();
}

// Runs a profiled interpreter `runs` times and folds its per-node nanoseconds into both views.
Status ProfileOps(const Model& model, const BenchOptions& options, int runs, ModelBenchResult& result) {
  InterpreterOptions interpreter_options;
  interpreter_options.backend = options.backend;
  interpreter_options.num_threads = options.threads;
  interpreter_options.profile = true;
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, interpreter_options));
  EP_RETURN_IF_ERROR(FillInputs(*interpreter, options));
  EP_RETURN_IF_ERROR(interpreter->Invoke());  // warm-up, not counted
  interpreter->ResetProfile();
  for (int r = 0; r < runs; ++r) EP_RETURN_IF_ERROR(interpreter->Invoke());
  double total_ms = 0;
  for (const NodeProfile& node : interpreter->profile()) total_ms += node.total_ns * 1e-6 / std::max<int64_t>(node.runs, 1);
  std::map<std::string, OpTypeTime> by_op;
  for (const NodeProfile& node : interpreter->profile()) {
    NodeTime time;
    time.node_index = node.node_index;
    time.op = node.op;
    time.kernel = node.kernel;
    time.ms = node.total_ns * 1e-6 / std::max<int64_t>(node.runs, 1);
    time.percent = total_ms > 0 ? 100.0 * time.ms / total_ms : 0;
    time.macs = model::OperatorMacs(model.ir(), 0, node.node_index);
    OpTypeTime& op = by_op[node.op];
    op.op = node.op;
    op.nodes += 1;
    op.ms += time.ms;
    op.macs += time.macs;
    result.by_node.push_back(time);
  }
  for (auto& [name, op] : by_op) {
    op.percent = total_ms > 0 ? 100.0 * op.ms / total_ms : 0;
    result.by_op.push_back(op);
  }
  std::sort(result.by_op.begin(), result.by_op.end(), [](const auto& a, const auto& b) { return a.ms > b.ms; });
  return Ok();
}

}  // namespace

int64_t PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

Result<ModelBenchResult> BenchmarkModel(const std::string& path, const BenchOptions& options) {
  ModelBenchResult result;
  result.path = path;
  result.name = std::filesystem::path(path).stem().string();
  result.backend = BackendName(BackendAvailable(options.backend) ? options.backend : Backend::kReference);
  result.threads = options.threads;
  std::error_code error;
  result.file_bytes = std::filesystem::file_size(path, error);
  if (error) return MakeError(path + ": " + error.message());

  const auto init_start = Clock::now();
  EP_ASSIGN_OR_RETURN(Model model, Model::Load(path));
  InterpreterOptions interpreter_options;
  interpreter_options.backend = options.backend;
  interpreter_options.num_threads = options.threads;
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, interpreter_options));
  result.init_ms = MsSince(init_start);
  result.macs = model::SubgraphMacs(model.ir(), 0);
  result.arena_bytes = interpreter->arena_bytes();
  result.constant_bytes = interpreter->constant_bytes();
  for (const NodeProfile& node : interpreter->profile()) {
    ++result.total_nodes;
    if (node.kernel.rfind("xnnpack/", 0) == 0) ++result.xnnpack_nodes;
  }
  EP_RETURN_IF_ERROR(WithContext(FillInputs(*interpreter, options), path));

  // Inputs are restored before every run (outside the timed region) so each run computes on the
  // same values even if the arena reused an input's bytes during the previous run.
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t i = 0; i < interpreter->input_count(); ++i) {
    const Tensor& input = interpreter->input(i);
    inputs.emplace_back(input.data, input.data + input.bytes);
  }
  auto restore_inputs = [&] {
    for (size_t i = 0; i < inputs.size(); ++i) std::memcpy(interpreter->input(i).data, inputs[i].data(), inputs[i].size());
  };

  const auto first_start = Clock::now();
  EP_RETURN_IF_ERROR(interpreter->Invoke());
  result.first_ms = MsSince(first_start);
  for (int i = 0; i < options.warmup; ++i) {
    restore_inputs();
    EP_RETURN_IF_ERROR(interpreter->Invoke());
  }

  const auto timed_start = Clock::now();
  result.samples_ms.reserve(static_cast<size_t>(std::max(options.runs, 1)));
  while (static_cast<int>(result.samples_ms.size()) < std::max(options.runs, 1) ||
         MsSince(timed_start) < options.min_seconds * 1000.0) {
    restore_inputs();
    const double cpu_start = ProcessCpuMs();
    const auto start = Clock::now();
    EP_RETURN_IF_ERROR(interpreter->Invoke());
    result.samples_ms.push_back(MsSince(start));
    result.cpu_samples_ms.push_back(ProcessCpuMs() - cpu_start);
    if (options.progress && result.samples_ms.size() % 10 == 0)
      options.progress(result.name + ": run " + std::to_string(result.samples_ms.size()));
  }
  result.latency = Summarize(result.samples_ms);
  result.cpu = Summarize(result.cpu_samples_ms);
  if (result.latency.median > 0) result.gmacs = static_cast<double>(result.macs) / (result.latency.median * 1e6);
  interpreter.reset();  // free the arena before the profiled copy

  if (options.op_profile) {
    if (options.progress) options.progress(result.name + ": op profile");
    EP_RETURN_IF_ERROR(WithContext(ProfileOps(model, options, std::max(options.runs, 1), result), path));
  }
  result.peak_rss_kb = PeakRssKb();
  return result;
}

}  // namespace edgepose::bench
