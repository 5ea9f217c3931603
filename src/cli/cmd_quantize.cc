// edgepose quantize MODEL -o OUT --mode MODE [...]: post-training quantization (src/quant).
// Writes the quantized model atomically, a readable SQNR table on stdout and, with --report, the
// same facts as JSON.
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "cli/command.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"
#include "quant/quantizer.h"

namespace edgepose::cli {
namespace {

struct QuantizeCommandOptions {
  std::string model;
  std::string output;
  std::string mode;
  std::vector<std::string> calib;
  int num_calib = 100;
  std::string calib_method;  // empty: the mode's default
  double percentile = quant::PercentileObserver::kDefaultPercentile;
  bool per_tensor = false;
  std::string equalize = "auto";
  bool keep_saturated_ranges = false;
  std::string input_range;
  std::vector<std::string> keep_float;
  std::vector<std::string> int16;
  std::vector<std::string> int16_branch;
  std::vector<std::string> heads;   // NAME=int8|int16|float
  std::vector<std::string> splits;  // NAME=PERIOD/LABEL:C,C/...
  std::string report;
  uint32_t seed = 0;
  int report_samples = 2;
  int threads = 1;
  std::string weight_rounding = "gptq";
  std::string bias_correction = "auto";
};

Result<quant::Range> ParseRange(const std::string& text) {
  float lo, hi;
  char comma;
  std::istringstream in(text);
  if (!(in >> lo >> comma >> hi) || comma != ',' || !(lo < hi))
    return MakeError("--input-range '" + text + "': expected LO,HI such as 0,1 or -1,1");
  return quant::Range{lo, hi};
}

Result<quant::QuantizeOptions> Resolve(const QuantizeCommandOptions& o) {
  quant::QuantizeOptions options;
  EP_ASSIGN_OR_RETURN(options.mode, quant::ParseQuantMode(o.mode));
  if (!o.calib_method.empty()) {
    EP_ASSIGN_OR_RETURN(options.calibration_method, quant::ParseCalibrationMethod(o.calib_method));
  }
  options.observer.percentile = o.percentile;
  options.calib_paths = o.calib;
  options.num_calib = o.num_calib;
  options.per_channel = !o.per_tensor;
  EP_ASSIGN_OR_RETURN(options.equalize_channels, quant::ParseOnOffAuto("--equalize", o.equalize));
  options.narrow_ranges = !o.keep_saturated_ranges;
  if (!o.input_range.empty()) {
    EP_ASSIGN_OR_RETURN(options.input_range, ParseRange(o.input_range));
  }
  options.keep_float = {o.keep_float.begin(), o.keep_float.end()};
  options.int16 = {o.int16.begin(), o.int16.end()};
  options.int16_branch = {o.int16_branch.begin(), o.int16_branch.end()};
  for (const auto& head : o.heads) EP_RETURN_IF_ERROR(quant::AddHeadOption(head, &options));
  for (const auto& split : o.splits) EP_RETURN_IF_ERROR(quant::AddSplitOption(split, &options));
  options.seed = o.seed;
  options.report_samples = o.report_samples;
  options.num_threads = o.threads;
  EP_ASSIGN_OR_RETURN(options.weight_rounding, quant::ParseWeightRounding(o.weight_rounding));
  EP_ASSIGN_OR_RETURN(options.bias_correction, quant::ParseOnOffAuto("--bias-correction", o.bias_correction));
  if (isatty(STDERR_FILENO)) {
    options.progress = [](const char* stage, int done, int total) {
      std::fprintf(stderr, "\r%s %d/%d%s", stage, done, total, done == total ? "\n" : "");
    };
  }
  return options;
}

int Run(const QuantizeCommandOptions& o) {
  auto options = Resolve(o);
  if (!options) {
    EP_LOG_ERROR("quantize: %s", options.error().message.c_str());
    return kExitUsage;
  }
  auto model = Model::Load(o.model);
  if (!model) {
    EP_LOG_ERROR("%s", model.error().message.c_str());
    return kExitFailure;
  }
  auto outcome = quant::QuantizeModel(*model, *options);
  if (!outcome) {
    EP_LOG_ERROR("quantize: %s", outcome.error().message.c_str());
    return kExitFailure;
  }
  if (auto saved = outcome->model->Save(o.output); !saved) {
    EP_LOG_ERROR("%s", saved.error().message.c_str());
    return kExitFailure;
  }
  const nlohmann::json json = quant::OutcomeToJson(*outcome, *options);
  if (!o.report.empty()) {
    if (auto written = WriteFileAtomic(o.report, json.dump(2) + "\n"); !written) {
      EP_LOG_ERROR("%s", written.error().message.c_str());
      return kExitFailure;
    }
  }
  std::printf("mode %s: %d ops quantized, %d float; %d calibration inputs (%d files skipped); %.2f s\n",
              quant::QuantModeName(options->mode), outcome->summary.quantized_ops, outcome->summary.float_ops,
              outcome->calibration_inputs, outcome->skipped_inputs, outcome->total_seconds);
  if (outcome->calibration_inputs > 0)
    std::printf("  loading inputs %.2f s, equalization %.2f s, calibration %.2f s (layer statistics %.2f s), "
                "weight rounding and rewrite %.2f s, SQNR report %.2f s\n",
                outcome->load_seconds, outcome->equalize_seconds, outcome->calibration_seconds,
                outcome->layer_stats_seconds, outcome->rewrite_seconds, outcome->report_seconds);
  for (const auto& note : outcome->summary.notes) std::printf("  %s\n", note.c_str());
  if (outcome->report) {
    std::printf("SQNR on %d inputs (--report-samples):\n%s", outcome->report->inputs,
                quant::FormatErrorTable(*outcome->report, 25).c_str());
  } else if (!outcome->report_error.empty()) {
    std::printf("no SQNR report: %s\n", outcome->report_error.c_str());
  }
  return kExitOk;
}

const CommandRegistration kRegistration{
    "quantize", "Post-training quantization: float16, int8, int8-io, uint8-io, int16x8", 40, [](CLI::App& app) {
      auto o = std::make_shared<QuantizeCommandOptions>();
      app.add_option("model", o->model, "Float .tflite model")->required();
      app.add_option("-o,--output", o->output, "Quantized .tflite to write")->required();
      app.add_option("--mode", o->mode, "float16 | dynamic | int8 | int8-io | uint8-io | int16x8")->required();
      app.add_option("--calib", o->calib, "Calibration folders or files (JPEG/PNG images, .npy/.raw tensors)");
      app.add_option("--num-calib", o->num_calib, "Calibration inputs to use (seeded pick)")->capture_default_str();
      app.add_option("--calib-method", o->calib_method, "minmax | ema | percentile | mse (default: percentile for int8 / int8-io / uint8-io, minmax for int16x8)");
      app.add_option("--percentile", o->percentile, "Percentile for --calib-method percentile")->capture_default_str();
      app.add_flag("--per-tensor", o->per_tensor, "One weight scale per tensor instead of per channel");
      app.add_flag("--keep-saturated-ranges", o->keep_saturated_ranges,
                   "Integer modes: keep calibrated ranges as measured. By default a tensor read only by ADDs with a "
                   "fused RELU/RELU6 or by LOGISTICs is quantized over just the values those readers can tell apart "
                   "(exact, finer steps), and the logit of a probability the model outputs over all of them");
      app.add_option("--equalize", o->equalize,
                     "auto | on | off. Equalize channels before calibrating (rescale conv->conv channel pairs and "
                     "residual streams so small channels of an activation use more of its integer range; exact in "
                     "float; see docs/quantization.md). auto = on for int8 / int8-io / uint8-io, off for int16x8")
          ->capture_default_str();
      app.add_option("--input-range", o->input_range, "Real input range: 0,1 (landmark) or -1,1 (detector)");
      app.add_option("--keep-float", o->keep_float, "Ops kept float: op name, output tensor name or #node");
      app.add_option("--int16", o->int16,
                     "int8 modes: mixed precision. Ops run 16x8 (int16 activations, still NPU-friendly): op name "
                     "or #node runs that op so; a tensor name keeps that tensor int16 (its producer and readers "
                     "run 16x8)");
      app.add_option("--int16-branch", o->int16_branch,
                     "int8 modes: every op whose results reach only these model outputs runs 16x8 (pose_landmark's "
                     "regression branch: Identity,Identity_1,Identity_4; landmark error 2.06 -> 0.91 px, "
                     "docs/quantization.md)")
          ->delimiter(',');
      app.add_option("--head", o->heads, "Output head treatment: OUTPUT_NAME=int8|int16|float (split parts too)");
      app.add_option("--split", o->splits,
                     "Split a packed output into separately quantized parts: NAME=PERIOD/LABEL:C,C/LABEL:C-C..."
                     " (landmark: Identity=5/xy:0,1/z:2/vis:3,4; detector: Identity=12/box:0-3/kp:4-11)");
      app.add_option("--report", o->report, "Write the JSON report here");
      app.add_option("--report-samples", o->report_samples, "Inputs used for the SQNR report")->capture_default_str();
      app.add_option("--seed", o->seed, "Seed for picking calibration inputs")->capture_default_str();
      app.add_option("--threads", o->threads, "Threads for the calibration runs")->capture_default_str();
      app.add_option("--weight-rounding", o->weight_rounding,
                     "int8 weight rounding in calibrated modes: gptq (error feedback from the layers' input statistics) "
                     "| nearest (dynamic mode: always nearest)")
          ->capture_default_str();
      app.add_option("--bias-correction", o->bias_correction,
                     "auto | on | off: shift each bias by the mean output error of the rounded weights on the "
                     "calibration inputs (auto: on for int16x8 only)")
          ->capture_default_str();
      return [o] { return Run(*o); };
    }};

}  // namespace
}  // namespace edgepose::cli
