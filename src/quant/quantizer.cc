#include "quant/quantizer.h"

#include <chrono>

#include "edgepose/log.h"
#include "quant/calibration_data.h"
#include "quant/calibrator.h"
#include "quant/passes/float_weights.h"
#include "quant/passes/graph_edit.h"
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

namespace {

Result<Model> Clone(const Model& model, const std::string& name) {
  EP_ASSIGN_OR_RETURN(auto bytes, model.Serialize());
  return Model::FromBytes(bytes.data(), bytes.size(), name);
}

nlohmann::json TensorJson(const tfl::TensorT& tensor) {
  nlohmann::json json = {{"name", tensor.name}, {"dtype", tfl::EnumNameTensorType(tensor.type)}, {"shape", tensor.shape}};
  if (tensor.quantization && !tensor.quantization->scale.empty()) {
    json["scale"] = tensor.quantization->scale[0];
    json["zero_point"] = tensor.quantization->zero_point.empty() ? 0 : tensor.quantization->zero_point[0];
  }
  return json;
}

// Describes inputs and outputs (dtype, params, head treatment) and stores it as metadata.
nlohmann::json WriteHeadsMetadata(tfl::ModelT& model, const QuantizeOptions& options) {
  const auto& sg = *model.subgraphs[0];
  nlohmann::json json = {{"version", 1}, {"mode", QuantModeName(options.mode)}};
  json["inputs"] = nlohmann::json::array();
  for (int32_t t : sg.inputs) {
    nlohmann::json input = TensorJson(*sg.tensors[t]);
    if (options.input_range) input["range"] = {options.input_range->min, options.input_range->max};
    json["inputs"].push_back(input);
  }
  json["outputs"] = nlohmann::json::array();
  for (int32_t t : sg.outputs) {
    nlohmann::json output = TensorJson(*sg.tensors[t]);
    const auto it = options.heads.find(sg.tensors[t]->name);
    output["treatment"] = it == options.heads.end() ? "default" : HeadTreatmentName(it->second);
    json["outputs"].push_back(output);
  }
  const std::string text = json.dump();
  std::erase_if(model.metadata, [](const auto& m) { return m->name == kHeadsMetadataName; });
  auto metadata = std::make_unique<tfl::MetadataT>();
  metadata->name = kHeadsMetadataName;
  metadata->buffer = AddBuffer(model, std::vector<uint8_t>(text.begin(), text.end()));
  model.metadata.push_back(std::move(metadata));
  return json;
}

}  // namespace

nlohmann::json ReadHeadsMetadata(const tfl::ModelT& model) {
  for (const auto& m : model.metadata) {
    if (m->name != kHeadsMetadataName || m->buffer >= model.buffers.size()) continue;
    const auto& data = model.buffers[m->buffer]->data;
    return nlohmann::json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  }
  return nullptr;
}

Result<QuantizeOutcome> QuantizeModel(const Model& float_model, const QuantizeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  QuantizeOutcome outcome;
  EP_RETURN_IF_ERROR(WithContext(CheckFloatModel(float_model.ir()), float_model.name()));
  EP_ASSIGN_OR_RETURN(Model folded, Clone(float_model, float_model.name()));
  EP_RETURN_IF_ERROR(WithContext(model::FoldConstants(folded), float_model.name()));

  if (options.mode == QuantMode::kDynamic)
    return MakeError("mode dynamic: hybrid kernels are not implemented yet");
  EP_ASSIGN_OR_RETURN(Model result, Clone(folded, float_model.name()));
  if (options.mode == QuantMode::kFloat16) {
    EP_ASSIGN_OR_RETURN(const int converted, ConvertWeightsToFloat16(result.mutable_ir()));
    outcome.summary.notes.push_back(std::to_string(converted) + " constants stored as FLOAT16");
  } else {
    const auto& sg = *folded.ir().subgraphs[0];
    if (sg.inputs.size() != 1) return MakeError("quantization supports single-input models");
    CalibrationDataOptions data_options;
    data_options.input_shape = sg.tensors[sg.inputs[0]]->shape;
    data_options.max_inputs = options.num_calib;
    data_options.seed = options.seed;
    data_options.input_range_known = options.input_range.has_value();
    if (options.input_range) data_options.input_range = *options.input_range;
    EP_ASSIGN_OR_RETURN(CalibrationSet set, LoadCalibrationSet(options.calib_paths, data_options));
    outcome.calibration_inputs = static_cast<int>(set.samples.size());
    outcome.skipped_inputs = set.skipped;
    auto progress = [&](int done, int total) {
      if (options.progress) options.progress("calibrating", done, total);
    };
    EP_ASSIGN_OR_RETURN(CalibrationResult calibration,
                        Calibrate(folded, set.samples, options.observer, options.num_threads, progress));
    outcome.calibration_seconds = calibration.seconds;

    QuantizeGraphOptions graph;
    graph.activation_type = options.mode == QuantMode::kInt16x8 ? DType::kInt16 : DType::kInt8;
    graph.io = options.mode == QuantMode::kInt8Io ? IoType::kInt8
               : options.mode == QuantMode::kUInt8Io ? IoType::kUInt8 : IoType::kFloat;
    graph.per_channel = options.per_channel;
    graph.keep_float = options.keep_float;
    graph.input_range = options.input_range;
    graph.heads = options.heads;
    EP_ASSIGN_OR_RETURN(outcome.summary,
                        WithContext(QuantizeGraph(result.mutable_ir(), calibration.ranges, graph), float_model.name()));
    outcome.heads = WriteHeadsMetadata(result.mutable_ir(), options);
    EP_RETURN_IF_ERROR(WithContext(model::RemoveDeadTensors(result), "quantized model"));
    EP_RETURN_IF_ERROR(WithContext(result.Validate(), "quantized model"));
    if (options.report_samples > 0) {
      std::vector<CalibrationSample> subset(set.samples.begin(),
                                            set.samples.begin() + std::min<size_t>(set.samples.size(), options.report_samples));
      auto report = MeasureQuantizationError(folded, result, subset);
      if (report) {
        outcome.report = std::move(*report);
      } else {
        outcome.report_error = report.error().message;
        EP_LOG_WARN("SQNR report skipped: %s", outcome.report_error.c_str());
      }
    }
  }
  if (options.mode == QuantMode::kFloat16) outcome.heads = WriteHeadsMetadata(result.mutable_ir(), options);
  EP_RETURN_IF_ERROR(WithContext(model::RemoveDeadTensors(result), "quantized model"));
  EP_RETURN_IF_ERROR(WithContext(result.Validate(), "quantized model"));
  outcome.model = std::move(result);
  outcome.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

nlohmann::json OutcomeToJson(const QuantizeOutcome& outcome, const QuantizeOptions& options) {
  nlohmann::json json;
  json["mode"] = QuantModeName(options.mode);
  json["calibration"] = {{"method", CalibrationMethodName(options.observer.method)},
                         {"inputs", outcome.calibration_inputs},
                         {"skipped_files", outcome.skipped_inputs},
                         {"seconds", outcome.calibration_seconds},
                         {"seed", options.seed}};
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
                         {"max_abs_error", t.max_abs_error}, {"output", t.is_output}});
      return array;
    };
    json["report"] = {{"inputs", outcome.report->inputs},
                      {"note", "SQNR on the first " + std::to_string(outcome.report->inputs) +
                                   " calibration inputs (--report-samples), EdgePose reference kernels"},
                      {"outputs", rows(outcome.report->outputs)},
                      {"tensors_worst_first", rows(outcome.report->tensors)}};
  } else if (!outcome.report_error.empty()) {
    json["report_error"] = outcome.report_error;
  }
  return json;
}

}  // namespace edgepose::quant
