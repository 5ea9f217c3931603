#include "quant/passes/graph_edit.h"

#include <algorithm>

namespace edgepose::quant {

tfl::TensorType ToTensorType(DType type) { return static_cast<tfl::TensorType>(static_cast<int8_t>(type)); }

uint32_t AddBuffer(tfl::ModelT& model, std::vector<uint8_t> bytes) {
  auto buffer = std::make_unique<tfl::BufferT>();
  buffer->data = std::move(bytes);
  model.buffers.push_back(std::move(buffer));
  return static_cast<uint32_t>(model.buffers.size() - 1);
}

int32_t AddTensor(tfl::SubGraphT& subgraph, const std::string& name, const std::vector<int32_t>& shape,
                  tfl::TensorType type, uint32_t buffer) {
  auto tensor = std::make_unique<tfl::TensorT>();
  tensor->name = name;
  tensor->shape = shape;
  tensor->type = type;
  tensor->buffer = buffer;
  subgraph.tensors.push_back(std::move(tensor));
  return static_cast<int32_t>(subgraph.tensors.size() - 1);
}

void SetQuantization(tfl::TensorT& tensor, const std::vector<float>& scales,
                     const std::vector<int64_t>& zero_points, int32_t quantized_dimension) {
  auto q = std::make_unique<tfl::QuantizationParametersT>();
  q->scale = scales;
  q->zero_point = zero_points;
  q->quantized_dimension = quantized_dimension;
  tensor.quantization = std::move(q);
}

void SetQuantization(tfl::TensorT& tensor, const AffineParams& params) {
  SetQuantization(tensor, {params.scale}, {params.zero_point});
}

AffineParams TensorParams(const tfl::TensorT& tensor) {
  if (!tensor.quantization || tensor.quantization->scale.empty()) return {0.f, 0};
  const auto& q = *tensor.quantization;
  return {q.scale[0], q.zero_point.empty() ? 0 : q.zero_point[0]};
}

tfl::BuiltinOperator OperatorOf(const tfl::ModelT& model, const tfl::OperatorT& op) {
  if (op.opcode_index >= model.operator_codes.size()) return tfl::BuiltinOperator_CUSTOM;
  return BuiltinCode(*model.operator_codes[op.opcode_index]);
}

uint32_t OpcodeIndex(tfl::ModelT& model, tfl::BuiltinOperator op) {
  for (size_t i = 0; i < model.operator_codes.size(); ++i) {
    if (BuiltinCode(*model.operator_codes[i]) == op) return static_cast<uint32_t>(i);
  }
  auto code = std::make_unique<tfl::OperatorCodeT>();
  code->builtin_code = op;
  // Codes below 127 also go in the deprecated int8 field, which older readers use.
  code->deprecated_builtin_code = static_cast<int8_t>(std::min<int32_t>(op, 127));
  code->version = 1;
  model.operator_codes.push_back(std::move(code));
  return static_cast<uint32_t>(model.operator_codes.size() - 1);
}

std::unique_ptr<tfl::OperatorT> MakeOperator(tfl::ModelT& model, tfl::BuiltinOperator op,
                                             std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
  auto result = std::make_unique<tfl::OperatorT>();
  result->opcode_index = OpcodeIndex(model, op);
  result->inputs = std::move(inputs);
  result->outputs = std::move(outputs);
  return result;
}

const std::vector<uint8_t>* ConstantBytes(const tfl::ModelT& model, const tfl::TensorT& tensor) {
  if (tensor.buffer == 0 || tensor.buffer >= model.buffers.size()) return nullptr;
  const auto& data = model.buffers[tensor.buffer]->data;
  return data.empty() ? nullptr : &data;
}

bool IsConstant(const tfl::ModelT& model, const tfl::TensorT& tensor) {
  return ConstantBytes(model, tensor) != nullptr;
}

std::vector<float> ConstantFloats(const tfl::ModelT& model, const tfl::TensorT& tensor) {
  const auto* bytes = ConstantBytes(model, tensor);
  if (bytes == nullptr || tensor.type != tfl::TensorType_FLOAT32) return {};
  std::vector<float> values(bytes->size() / sizeof(float));
  std::memcpy(values.data(), bytes->data(), values.size() * sizeof(float));
  return values;
}

std::optional<SpatialPads> ZeroSpatialPads(const tfl::ModelT& model, const tfl::SubGraphT& sg,
                                           const tfl::OperatorT& op) {
  if (OperatorOf(model, op) != tfl::BuiltinOperator_PAD || op.inputs.size() != 2 || op.inputs[1] < 0 ||
      static_cast<size_t>(op.inputs[1]) >= sg.tensors.size())
    return std::nullopt;
  const tfl::TensorT& paddings = *sg.tensors[op.inputs[1]];
  const auto* bytes = ConstantBytes(model, paddings);
  if (!bytes || paddings.type != tfl::TensorType_INT32 || bytes->size() != 8 * sizeof(int32_t)) return std::nullopt;
  int32_t pads[8];
  std::memcpy(pads, bytes->data(), sizeof(pads));
  if (pads[0] != 0 || pads[1] != 0 || pads[6] != 0 || pads[7] != 0) return std::nullopt;
  if (*std::min_element(pads + 2, pads + 6) < 0) return std::nullopt;
  return SpatialPads{pads[2], pads[3], pads[4], pads[5]};
}

}  // namespace edgepose::quant
