#include "quant/quantizer.h"

#include <chrono>

#include "edgepose/log.h"
#include "quant/calibration_data.h"
#include "quant/calibrator.h"
#include "quant/passes/dynamic_weights.h"
#include "quant/passes/float_weights.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"
#include "quant/passes/saturation_ranges.h"
#include "model/passes/fold_constants.h"
#include "model/passes/remove_dead_tensors.h"

namespace edgepose::quant {

Result<QuantMode> ParseQuantMode(const std::string& name) {
  if (name == "float16") return QuantMode::kFloat16;
  if (name == "dynamic") return QuantMode::kDynamic;
  if (name == "int8") return QuantMode::kInt8;
  if (name == "int8-io") return QuantMode::kInt8Io;
  if (name == "uint8-io") return QuantMode::kUInt8Io;
  if (name == "int16x8") return QuantMode::kInt16x8;
  return MakeError("mode '" + name + "': expected float16, dynamic, int8, int8-io, uint8-io or int16x8");
}

const char* QuantModeName(QuantMode mode) {
  switch (mode) {
    case QuantMode::kFloat16: return "float16";
    case QuantMode::kDynamic: return "dynamic";
    case QuantMode::kInt8: return "int8";
    case QuantMode::kInt8Io: return "int8-io";
    case QuantMode::kUInt8Io: return "uint8-io";
    case QuantMode::kInt16x8: return "int16x8";
  }
  return "unknown";
}

Result<std::optional<bool>> ParseOnOffAuto(const std::string& option, const std::string& value) {
  if (value == "auto") return std::optional<bool>{};
  if (value == "on") return std::optional<bool>{true};
  if (value == "off") return std::optional<bool>{false};
  return MakeError(option + " '" + value + "': expected auto, on or off");
}

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

WeightRoundingOptions RoundingFor(const QuantizeOptions& options) {
  WeightRoundingOptions rounding;
  rounding.method = options.weight_rounding;
  rounding.bias_correction = options.bias_correction.value_or(options.mode == QuantMode::kInt16x8);
  return rounding;
}

Result<Model> Clone(const Model& model, const std::string& name) {
  EP_ASSIGN_OR_RETURN(auto bytes, model.Serialize());
  return Model::FromBytes(bytes.data(), bytes.size(), name);
}

nlohmann::json RecordHeads(tfl::ModelT& model, const QuantizeOptions& options, const std::vector<Head>& heads) {
  HeadsMetadataInput input;
  input.mode = QuantModeName(options.mode);
  if (options.input_range) input.input_range = {options.input_range->min, options.input_range->max};
  input.heads = heads;
  for (const auto& [name, treatment] : options.heads) input.treatments.emplace_back(name, HeadTreatmentName(treatment));
  return WriteHeadsMetadata(model, input);
}

}  // namespace

Status AddHeadOption(const std::string& text, QuantizeOptions* options) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) return MakeError("--head '" + text + "': expected OUTPUT_NAME=int8|int16|float");
  EP_ASSIGN_OR_RETURN(options->heads[text.substr(0, eq)], ParseHeadTreatment(text.substr(eq + 1)));
  return Ok();
}

Status AddSplitOption(const std::string& text, QuantizeOptions* options) {
  EP_ASSIGN_OR_RETURN(SplitSpec spec, ParseSplitSpec(text));
  options->splits.push_back(std::move(spec));
  return Ok();
}

CalibrationMethod DefaultCalibrationMethod(QuantMode mode) {
  return mode == QuantMode::kInt16x8 ? CalibrationMethod::kMinMax : CalibrationMethod::kPercentile;
}

CalibrationMethod CalibrationMethodFor(const QuantizeOptions& options) {
  return options.calibration_method.value_or(DefaultCalibrationMethod(options.mode));
}

Result<QuantizeOutcome> QuantizeModel(const Model& float_model, const QuantizeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  QuantizeOutcome outcome;
  EP_RETURN_IF_ERROR(WithContext(CheckFloatModel(float_model.ir()), float_model.name()));
  EP_ASSIGN_OR_RETURN(Model folded, Clone(float_model, float_model.name()));
  EP_RETURN_IF_ERROR(WithContext(model::FoldConstants(folded), float_model.name()));
  EP_ASSIGN_OR_RETURN(const std::vector<Head> heads, WithContext(SplitHeads(folded, options.splits), float_model.name()));

  EP_ASSIGN_OR_RETURN(Model result, Clone(folded, float_model.name()));
  if (options.mode == QuantMode::kFloat16) {
    EP_ASSIGN_OR_RETURN(const int converted, ConvertWeightsToFloat16(result.mutable_ir()));
    outcome.summary.notes.push_back(std::to_string(converted) + " constants stored as FLOAT16");
  } else if (options.mode == QuantMode::kDynamic) {
    if (!options.per_channel) return MakeError("mode dynamic: weights are always per channel (drop --per-tensor)");
    EP_ASSIGN_OR_RETURN(outcome.summary.quantized_ops, QuantizeWeightsDynamic(result.mutable_ir()));
    outcome.summary.notes.push_back(std::to_string(outcome.summary.quantized_ops) +
                                    " CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED with int8 weights (hybrid)");
  } else {
    const auto& sg = *folded.ir().subgraphs[0];
    if (sg.inputs.size() != 1) return MakeError("quantization supports single-input models");
    CalibrationDataOptions data_options;
    data_options.input_shape = sg.tensors[sg.inputs[0]]->shape;
    data_options.max_inputs = options.num_calib;
    data_options.seed = options.seed;
    data_options.input_range_known = options.input_range.has_value();
    if (options.input_range) data_options.input_range = *options.input_range;
    const auto load_start = std::chrono::steady_clock::now();
    EP_ASSIGN_OR_RETURN(CalibrationSet set, LoadCalibrationSet(options.calib_paths, data_options));
    outcome.load_seconds = SecondsSince(load_start);
    outcome.calibration_inputs = static_cast<int>(set.samples.size());
    outcome.skipped_inputs = set.skipped;
    if (options.equalize_channels.value_or(options.mode != QuantMode::kInt16x8)) {
      const auto equalize_start = std::chrono::steady_clock::now();
      EP_ASSIGN_OR_RETURN(outcome.equalization,
                          WithContext(EqualizeChannels(folded, set.samples, 16, options.num_threads), float_model.name()));
      EP_ASSIGN_OR_RETURN(result, Clone(folded, float_model.name()));
      outcome.equalize_seconds = SecondsSince(equalize_start);
    }
    auto progress = [&](int done, int total) {
      if (options.progress) options.progress("calibrating", done, total);
    };
    ObserverOptions observer = options.observer;
    observer.method = CalibrationMethodFor(options);
    observer.bits = options.mode == QuantMode::kInt16x8 ? 16 : 8;
    const WeightRoundingOptions rounding = RoundingFor(options);
    std::unique_ptr<LayerStatsCollector> collector;
    if (rounding.method != WeightRounding::kNearest || rounding.bias_correction) {
      LayerStatsOptions stats_options;
      stats_options.seed = options.seed;
      EP_ASSIGN_OR_RETURN(collector, LayerStatsCollector::Create(folded.ir(), stats_options));
    }
    EP_ASSIGN_OR_RETURN(CalibrationResult calibration,
                        Calibrate(folded, set.samples, observer, options.num_threads, progress, collector.get(),
                                  TensorsWithInheritedParams(folded.ir())));
    outcome.calibration_seconds = calibration.seconds;
    outcome.layer_stats_seconds = calibration.layer_stats_seconds;
    const std::map<int, LayerStats> layer_stats = collector ? collector->Finish() : std::map<int, LayerStats>{};
    QuantizeGraphOptions graph;
    graph.activation_type = options.mode == QuantMode::kInt16x8 ? DType::kInt16 : DType::kInt8;
    std::map<std::string, Range> narrowed;  // by tensor name, for the report
    if (options.narrow_ranges)
      for (const auto& [tensor, range] : FitRangesToSaturatingReaders(folded.ir(), calibration.ranges, graph.activation_type))
        narrowed[folded.ir().subgraphs[0]->tensors[tensor]->name] = range;

    graph.io = options.mode == QuantMode::kInt8Io ? IoType::kInt8
               : options.mode == QuantMode::kUInt8Io ? IoType::kUInt8 : IoType::kFloat;
    graph.per_channel = options.per_channel;
    graph.keep_float = options.keep_float;
    graph.int16 = options.int16;
    graph.int16_branch = options.int16_branch;
    graph.input_range = options.input_range;
    graph.heads = options.heads;
    graph.layer_stats = collector ? &layer_stats : nullptr;
    graph.rounding = rounding;
    const auto rewrite_start = std::chrono::steady_clock::now();
    EP_ASSIGN_OR_RETURN(outcome.summary,
                        WithContext(QuantizeGraph(result.mutable_ir(), calibration.ranges, graph), float_model.name()));
    outcome.rewrite_seconds = SecondsSince(rewrite_start);
    if (!narrowed.empty())
      outcome.summary.notes.push_back(std::to_string(narrowed.size()) +
                                      " activation ranges fitted to what their readers can tell apart (ADD + RELU, LOGISTIC)");
    if (collector)
      outcome.summary.notes.push_back("weights: " + std::string(WeightRoundingName(rounding.method)) +
                                      " rounding" + (rounding.bias_correction ? ", bias correction" : "") +
                                      " from the input statistics of " + std::to_string(layer_stats.size()) + " layers");
    if (outcome.equalization.channels_rescaled > 0)
      outcome.summary.notes.insert(outcome.summary.notes.begin(),
                                   "channel equalization: " + std::to_string(outcome.equalization.channels_rescaled) +
                                       " channels rescaled in " + std::to_string(outcome.equalization.pairs) +
                                       " convolution pairs and " + std::to_string(outcome.equalization.streams) +
                                       " residual streams before calibration");
    outcome.heads = RecordHeads(result.mutable_ir(), options, heads);
    EP_RETURN_IF_ERROR(WithContext(model::RemoveDeadTensors(result), "quantized model"));
    EP_RETURN_IF_ERROR(WithContext(result.Validate(), "quantized model"));
    if (options.report_samples > 0) {
      const auto report_start = std::chrono::steady_clock::now();
      std::vector<CalibrationSample> subset(set.samples.begin(),
                                            set.samples.begin() + std::min<size_t>(set.samples.size(), options.report_samples));
      auto report = MeasureQuantizationError(folded, result, subset, narrowed);
      if (report) {
        outcome.report = std::move(*report);
      } else {
        outcome.report_error = report.error().message;
        EP_LOG_WARN("SQNR report skipped: %s", outcome.report_error.c_str());
      }
      outcome.report_seconds = SecondsSince(report_start);
    }
  }
  if (options.mode == QuantMode::kFloat16 || options.mode == QuantMode::kDynamic)
    outcome.heads = RecordHeads(result.mutable_ir(), options, heads);
  EP_RETURN_IF_ERROR(WithContext(model::RemoveDeadTensors(result), "quantized model"));
  EP_RETURN_IF_ERROR(WithContext(result.Validate(), "quantized model"));
  outcome.model = std::move(result);
  outcome.total_seconds = SecondsSince(start);
  return outcome;
}

nlohmann::json OutcomeToJson(const QuantizeOutcome& outcome, const QuantizeOptions& options) {
  nlohmann::json json;
  json["mode"] = QuantModeName(options.mode);
  json["calibration"] = {{"method", CalibrationMethodName(CalibrationMethodFor(options))},
                         {"inputs", outcome.calibration_inputs},
                         {"skipped_files", outcome.skipped_inputs},
                         {"load_seconds", outcome.load_seconds},
                         {"equalize_seconds", outcome.equalize_seconds},
                         {"seconds", outcome.calibration_seconds},
                         {"layer_stats_seconds", outcome.layer_stats_seconds},
                         {"seed", options.seed}};
  const bool data_aware = options.mode != QuantMode::kFloat16 && options.mode != QuantMode::kDynamic;
  const WeightRoundingOptions rounding = RoundingFor(options);
  json["weights"] = {{"rounding", data_aware ? WeightRoundingName(rounding.method) : "nearest"},
                     {"bias_correction", data_aware && rounding.bias_correction},
                     {"rewrite_seconds", outcome.rewrite_seconds}};
  json["report_seconds"] = outcome.report_seconds;
  json["total_seconds"] = outcome.total_seconds;
  json["ops"] = {{"quantized", outcome.summary.quantized_ops},
                 {"float", outcome.summary.float_ops},
                 {"inserted_quantize", outcome.summary.inserted_quantize},
                 {"inserted_dequantize", outcome.summary.inserted_dequantize}};
  json["notes"] = outcome.summary.notes;
  json["heads"] = outcome.heads;
  if (outcome.report) {
    auto rows = [](const std::vector<TensorError>& list) {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& t : list)
        array.push_back({{"name", t.name}, {"dtype", t.dtype}, {"step", t.scale}, {"sqnr_db", t.sqnr_db},
                         {"max_abs_error", t.max_abs_error}, {"output", t.is_output}, {"narrowed", t.narrowed}});
      return array;
    };
    json["report"] = {{"inputs", outcome.report->inputs},
                      {"note", "SQNR on the first " + std::to_string(outcome.report->inputs) +
                                   " calibration inputs (--report-samples), EdgePose default backend"},
                      {"outputs", rows(outcome.report->outputs)},
                      {"tensors_worst_first", rows(outcome.report->tensors)}};
  } else if (!outcome.report_error.empty()) {
    json["report_error"] = outcome.report_error;
  }
  return json;
}

}  // namespace edgepose::quant
