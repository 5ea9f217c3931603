// edgepose convert: graph passes on a TFLite model - fold FLOAT16/INT8 DEQUANTIZE and DENSIFY
// of constants into float32 weights, keep only chosen outputs - then write it atomically.
// Ops and MACs before/after go to stderr; stdout stays empty.
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "edgepose/log.h"
#include "edgepose/model.h"
#include "model/macs.h"
#include "model/passes/fold_constants.h"
#include "model/passes/prune_outputs.h"

namespace edgepose::cli {
namespace {

struct ConvertOptions {
  std::string model_path;
  std::string output_path;
  bool fold_constants = false;
  std::vector<std::string> keep_outputs;
};

void LogSize(const char* when, const Model& model) {
  EP_LOG_INFO("%s: %zu ops, %.2f M MACs", when, model.ir().subgraphs[0]->operators.size(),
              model::SubgraphMacs(model.ir(), 0) / 1e6);
}

int Run(const ConvertOptions& options) {
  auto model = Model::Load(options.model_path);
  if (!model) return ReportError(model.error().message);
  LogSize("before", *model);
  if (!options.keep_outputs.empty()) {
    if (auto status = model::PruneOutputs(*model, options.keep_outputs); !status) {
      return ReportError(status.error().message);
    }
  }
  if (options.fold_constants) {
    model::FoldStats stats;
    if (auto status = model::FoldConstants(*model, &stats); !status) {
      return ReportError(status.error().message);
    }
    EP_LOG_INFO("folded %d DEQUANTIZE and %d DENSIFY ops into constants", stats.dequantize_folded,
                stats.densify_folded);
  }
  LogSize("after", *model);
  if (auto status = model->Save(options.output_path); !status) {
    return ReportError(status.error().message);
  }
  EP_LOG_INFO("wrote %s", options.output_path.c_str());
  return kExitOk;
}

const CommandRegistration kRegistration{
    "convert", "Fold weight decompression into constants and/or prune outputs, then save", 15,
    [](CLI::App& command) {
      auto options = std::make_shared<ConvertOptions>();
      command.add_option("model", options->model_path, "The .tflite model")->required();
      command.add_option("-o,--output", options->output_path, "Where to write the new model")
          ->required();
      auto* fold = command.add_flag(
          "--fold-constants", options->fold_constants,
          "Fold DEQUANTIZE of FLOAT16/INT8 constants and DENSIFY of sparse constants into float32");
      auto* keep = command.add_option("--keep-outputs", options->keep_outputs,
                                      "Keep only these outputs (names, comma-separated); "
                                      "remove the ops that fed only the others")
                       ->delimiter(',');
      command.callback([fold, keep] {
        if (fold->count() == 0 && keep->count() == 0) {
          throw CLI::RequiredError("--fold-constants or --keep-outputs");
        }
      });
      return [options] { return Run(*options); };
    }};

}  // namespace
}  // namespace edgepose::cli
