#include "quant/heads.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

nlohmann::json TensorJson(const tfl::TensorT& tensor) {
  nlohmann::json json = {{"name", tensor.name}, {"dtype", tfl::EnumNameTensorType(tensor.type)}, {"shape", tensor.shape}};
  if (tensor.quantization && !tensor.quantization->scale.empty()) {
    json["scale"] = tensor.quantization->scale[0];
    json["zero_point"] = tensor.quantization->zero_point.empty() ? 0 : tensor.quantization->zero_point[0];
  }
  return json;
}

// The step of subgraph-0 tensor t: its scale, or the scale of the input of the DEQUANTIZE that
// produces it.
double TensorStep(const tfl::ModelT& model, int32_t t) {
  const auto& sg = *model.subgraphs[0];
  const AffineParams params = TensorParams(*sg.tensors[t]);
  if (sg.tensors[t]->type != tfl::TensorType_FLOAT32) return params.scale;
  for (const auto& op : sg.operators) {
    if (std::find(op->outputs.begin(), op->outputs.end(), t) == op->outputs.end()) continue;
    const auto& code = *model.operator_codes[op->opcode_index];
    const int32_t builtin = std::max<int32_t>(code.builtin_code, code.deprecated_builtin_code);
    if (builtin != tfl::BuiltinOperator_DEQUANTIZE || op->inputs.empty() || op->inputs[0] < 0 ||
        static_cast<size_t>(op->inputs[0]) >= sg.tensors.size())
      return 0.0;
    const auto& input = *sg.tensors[op->inputs[0]];
    return input.type == tfl::TensorType_FLOAT16 ? 0.0 : TensorParams(input).scale;
  }
  return 0.0;
}

// Fills dtype / params / output index of a part from the model's output named part.tensor.
bool ResolvePart(const tfl::ModelT& model, HeadPart* part) {
  const auto& sg = *model.subgraphs[0];
  for (size_t o = 0; o < sg.outputs.size(); ++o) {
    const int32_t t = sg.outputs[o];
    if (t < 0 || static_cast<size_t>(t) >= sg.tensors.size() || sg.tensors[t]->name != part->tensor) continue;
    const auto& tensor = *sg.tensors[t];
    part->output_index = static_cast<int>(o);
    part->dtype = static_cast<DType>(tensor.type);
    const AffineParams params = TensorParams(tensor);
    part->scale = params.scale;
    part->zero_point = params.zero_point;
    part->step = TensorStep(model, t);
    return true;
  }
  return false;
}

}  // namespace

HeadLayout HeadLayout::FromModel(const tfl::ModelT& model) {
  const nlohmann::json json = ReadHeadsMetadata(model);
  if (json.is_object() && json.value("version", 0) >= kHeadsMetadataVersion) {
    auto layout = FromJson(json, model);
    if (layout) return std::move(*layout);
  }
  HeadLayout layout;
  if (model.subgraphs.empty()) return layout;
  const auto& sg = *model.subgraphs[0];
  for (int32_t t : sg.outputs) {
    if (t < 0 || static_cast<size_t>(t) >= sg.tensors.size()) continue;
    Head head{sg.tensors[t]->name, sg.tensors[t]->shape, 1, {HeadPart{sg.tensors[t]->name, -1, {0}}}};
    ResolvePart(model, &head.parts[0]);
    layout.heads_.push_back(std::move(head));
  }
  return layout;
}

Result<HeadLayout> HeadLayout::FromJson(const nlohmann::json& json, const tfl::ModelT& model) {
  if (model.subgraphs.empty()) return MakeError("model has no subgraph");
  if (!json.contains("heads") || !json["heads"].is_array()) return MakeError("edgepose.heads: no \"heads\" list");
  HeadLayout layout;
  for (const auto& entry : json["heads"]) {
    Head head;
    head.name = entry.value("name", std::string());
    head.shape = entry.value("shape", Shape{});
    head.period = entry.value("period", 1);
    if (head.period < 1) return MakeError("edgepose.heads: head " + head.name + ": period must be >= 1");
    std::vector<int> seen;
    for (const auto& p : entry.value("parts", nlohmann::json::array())) {
      HeadPart part;
      part.tensor = p.value("output", std::string());
      part.components = p.value("components", std::vector<int>{});
      if (!ResolvePart(model, &part)) return MakeError("edgepose.heads: head " + head.name + ": no model output " + part.tensor);
      seen.insert(seen.end(), part.components.begin(), part.components.end());
      head.parts.push_back(std::move(part));
    }
    std::sort(seen.begin(), seen.end());
    std::vector<int> all(head.period);
    std::iota(all.begin(), all.end(), 0);
    if (seen != all)
      return MakeError("edgepose.heads: head " + head.name + ": parts must hold each of the " +
                       std::to_string(head.period) + " components exactly once");
    layout.heads_.push_back(std::move(head));
  }
  return layout;
}

const Head* HeadLayout::Find(const std::string& name) const {
  for (const auto& head : heads_)
    if (head.name == name) return &head;
  return nullptr;
}

double HeadLayout::StepOf(const std::string& name, int component) const {
  const Head* head = Find(name);
  if (!head) return 0.0;
  for (const auto& part : head->parts)
    if (head->period == 1 || std::count(part.components.begin(), part.components.end(), component)) return part.step;
  return 0.0;
}

std::vector<double> DequantizedValues(const uint8_t* bytes, size_t size, DType dtype, float scale, int64_t zero_point) {
  std::vector<double> out;
  auto convert = [&](auto tag) {
    using T = decltype(tag);
    const size_t n = size / sizeof(T);
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      T value;
      std::memcpy(&value, bytes + i * sizeof(T), sizeof(T));
      if constexpr (std::is_same_v<T, float>) {
        out[i] = value;
      } else {
        out[i] = static_cast<double>(scale) * (static_cast<double>(value) - static_cast<double>(zero_point));
      }
    }
  };
  switch (dtype) {
    case DType::kFloat32: convert(float{}); break;
    case DType::kInt8: convert(int8_t{}); break;
    case DType::kUInt8: convert(uint8_t{}); break;
    case DType::kInt16: convert(int16_t{}); break;
    default: break;
  }
  return out;
}

Result<std::vector<double>> UnpackOutput(const HeadLayout& layout, const std::vector<NpyArray>& outputs,
                                         const std::string& name) {
  const Head* head = layout.Find(name);
  if (!head) return MakeError("output head " + name + ": not in the model");
  std::vector<std::vector<double>> parts;
  for (const auto& part : head->parts) {
    if (part.output_index < 0 || static_cast<size_t>(part.output_index) >= outputs.size())
      return MakeError("output head " + name + ": output " + part.tensor + " missing");
    const NpyArray& array = outputs[part.output_index];
    parts.push_back(DequantizedValues(array.data.data(), array.data.size(), array.dtype, part.scale, part.zero_point));
  }
  return JoinHeadParts(*head, std::move(parts));
}

double OutputStep(const tfl::ModelT& model, const std::string& output_name) {
  if (model.subgraphs.empty()) return 0.0;
  for (int32_t t : model.subgraphs[0]->outputs)
    if (t >= 0 && static_cast<size_t>(t) < model.subgraphs[0]->tensors.size() &&
        model.subgraphs[0]->tensors[t]->name == output_name)
      return TensorStep(model, t);
  return 0.0;
}

nlohmann::json WriteHeadsMetadata(tfl::ModelT& model, const HeadsMetadataInput& input) {
  const auto& sg = *model.subgraphs[0];
  nlohmann::json json = {{"version", kHeadsMetadataVersion}, {"mode", input.mode}};
  json["inputs"] = nlohmann::json::array();
  for (int32_t t : sg.inputs) {
    nlohmann::json entry = TensorJson(*sg.tensors[t]);
    if (!input.input_range.empty()) entry["range"] = input.input_range;
    json["inputs"].push_back(entry);
  }
  json["outputs"] = nlohmann::json::array();
  for (int32_t t : sg.outputs) {
    nlohmann::json entry = TensorJson(*sg.tensors[t]);
    entry["treatment"] = "default";
    for (const auto& [name, treatment] : input.treatments)
      if (name == sg.tensors[t]->name) entry["treatment"] = treatment;
    json["outputs"].push_back(entry);
  }
  json["heads"] = nlohmann::json::array();
  for (const auto& head : input.heads) {
    nlohmann::json entry = {{"name", head.name}, {"shape", head.shape}, {"period", head.period}};
    entry["parts"] = nlohmann::json::array();
    for (const auto& part : head.parts) entry["parts"].push_back({{"output", part.tensor}, {"components", part.components}});
    json["heads"].push_back(entry);
  }
  const std::string text = json.dump();
  std::erase_if(model.metadata, [](const auto& m) { return m->name == kHeadsMetadataName; });
  auto metadata = std::make_unique<tfl::MetadataT>();
  metadata->name = kHeadsMetadataName;
  metadata->buffer = AddBuffer(model, std::vector<uint8_t>(text.begin(), text.end()));
  model.metadata.push_back(std::move(metadata));
  return json;
}

nlohmann::json ReadHeadsMetadata(const tfl::ModelT& model) {
  for (const auto& m : model.metadata) {
    if (m->name != kHeadsMetadataName || m->buffer >= model.buffers.size()) continue;
    const auto& data = model.buffers[m->buffer]->data;
    return nlohmann::json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  }
  return nullptr;
}

}  // namespace edgepose::quant
