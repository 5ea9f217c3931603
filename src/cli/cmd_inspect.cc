// edgepose inspect: what is in a TFLite model - inputs/outputs with quantization, op
// histogram with MACs, parameter bytes and activation tensors per dtype, sparse tensors,
// metadata. A table on stdout, or JSON with the same fields.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "edgepose/model.h"
#include "model/summary.h"

namespace edgepose::cli {
namespace {

struct InspectOptions {
  std::string model_path;
  bool json = false;
};

int Run(const InspectOptions& options) {
  auto model = Model::Load(options.model_path);
  if (!model) return ReportError(model.error().message);
  const model::ModelSummary summary = model::Summarize(*model);
  if (options.json) {
    std::printf("%s\n", model::SummaryToJson(summary).dump(2).c_str());
  } else {
    std::fputs(model::SummaryToTable(summary).c_str(), stdout);
  }
  return kExitOk;
}

const CommandRegistration kRegistration{
    "inspect", "Show a model's inputs, outputs, ops, MACs, parameters and metadata", 10,
    [](CLI::App& command) {
      auto options = std::make_shared<InspectOptions>();
      command.add_option("model", options->model_path, "The .tflite model")->required();
      command.add_flag("--json", options->json, "Print JSON instead of a table");
      return [options] { return Run(*options); };
    }};

}  // namespace
}  // namespace edgepose::cli
