// edgepose invoke: run a model once on given or seeded-random inputs and write every output
// as .npy and raw little-endian bytes, plus the inputs used (so any run can be replayed).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "core/npy.h"
#include "edgepose/file_io.h"
#include "runtime/tensor_io.h"

namespace edgepose::cli {
namespace {

struct InvokeOptions {
  std::string model_path;
  std::vector<std::string> inputs;
  int64_t random_seed = -1;
  std::vector<float> random_range{-1.f, 1.f};
  std::string output_dir;
  InterpreterOptions runtime;
};

void PrintSummary(const char* role, size_t index, const Tensor& tensor) {
  std::printf("%-6s %zu  %-40s %-8s %-18s", role, index, tensor.name.c_str(), DTypeName(tensor.type),
              ShapeToString(tensor.shape).c_str());
  if (tensor.type == DType::kFloat32 && tensor.num_elements() > 0) {
    const float* data = tensor.data_as<float>();
    auto [lo, hi] = std::minmax_element(data, data + tensor.num_elements());
    double sum = 0;
    for (int64_t i = 0; i < tensor.num_elements(); ++i) sum += data[i];
    std::printf(" min %.6g max %.6g mean %.6g", *lo, *hi, sum / tensor.num_elements());
  }
  std::printf("\n");
}

Status WriteTensor(const std::string& dir, const std::string& stem, const Tensor& tensor) {
  EP_RETURN_IF_ERROR(WriteNpy(dir + "/" + stem + ".npy", runtime::ToNpy(tensor)));
  return WriteFileAtomic(dir + "/" + stem + ".raw", tensor.data, tensor.bytes);
}

int Run(const InvokeOptions& options) {
  auto model = Model::Load(options.model_path);
  if (!model) return ReportError(model.error().message);
  auto interpreter = Interpreter::Create(*model, options.runtime);
  if (!interpreter) return ReportError(interpreter.error().message);
  Interpreter& runner = **interpreter;

  if (!options.inputs.empty() && options.inputs.size() != runner.input_count())
    return ReportError(options.model_path + ": model has " + std::to_string(runner.input_count()) +
                       " inputs, " + std::to_string(options.inputs.size()) + " files given");
  for (size_t i = 0; i < runner.input_count(); ++i) {
    if (options.inputs.empty()) {
      runtime::FillRandom(runner.input(i), static_cast<uint64_t>(options.random_seed) + i,
                          options.random_range[0], options.random_range[1]);
    } else if (auto status = runtime::LoadTensorFile(options.inputs[i], runner.input(i)); !status) {
      return ReportError(status.error().message);
    }
  }
  if (auto status = runner.Invoke(); !status) return ReportError(status.error().message);

  std::error_code ec;
  std::filesystem::create_directories(options.output_dir, ec);
  if (ec) return ReportError(options.output_dir + ": cannot create directory: " + ec.message());
  for (size_t i = 0; i < runner.input_count(); ++i) {
    PrintSummary("input", i, runner.input(i));
    if (auto status = WriteTensor(options.output_dir, "input_" + std::to_string(i), runner.input(i)); !status)
      return ReportError(status.error().message);
  }
  for (size_t i = 0; i < runner.output_count(); ++i) {
    PrintSummary("output", i, runner.output(i));
    if (auto status = WriteTensor(options.output_dir, "output_" + std::to_string(i), runner.output(i)); !status)
      return ReportError(status.error().message);
  }
  return kExitOk;
}

const CommandRegistration kRegistration{
    "invoke", "Run a model once and write its outputs as .npy and raw bytes", 20, [](CLI::App& command) {
      auto options = std::make_shared<InvokeOptions>();
      command.add_option("model", options->model_path, "The .tflite model")->required()->check(CLI::ExistingFile);
      auto* inputs = command.add_option("--input", options->inputs,
                                        "One file per model input, in order: .npy, or raw little-endian bytes");
      auto* seed = command.add_option("--random", options->random_seed,
                                      "Fill every input with seeded random values instead (same seed, same bytes)");
      inputs->excludes(seed);
      command.add_option("--random-range", options->random_range, "Range of random float inputs (LOW HIGH)")
          ->expected(2)
          ->capture_default_str();
      command.add_option("--output-dir", options->output_dir,
                         "Folder for input_<i>/output_<i>.npy and .raw (created if missing)")
          ->required();
      AddRuntimeFlags(command, options->runtime);
      command.callback([&command, inputs, seed] {
        if (inputs->count() == 0 && seed->count() == 0)
          throw CLI::RequiredError("--input or --random");
      });
      return [options] { return Run(*options); };
    }};

}  // namespace
}  // namespace edgepose::cli
