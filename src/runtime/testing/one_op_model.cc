#include "runtime/testing/one_op_model.h"

#include <algorithm>

namespace edgepose::testing {

OneOpModel::OneOpModel(tfl::BuiltinOperator op, int version) : op_(op), version_(version) {}

int OneOpModel::AddTensor(DType type, const Shape& shape, const QuantParams& quant, uint32_t buffer) {
  auto tensor = std::make_unique<tfl::TensorT>();
  tensor->type = static_cast<tfl::TensorType>(type);
  tensor->shape = shape;
  tensor->buffer = buffer;
  tensor->name = "t" + std::to_string(tensors_.size());
  if (!quant.empty()) {
    tensor->quantization = std::make_unique<tfl::QuantizationParametersT>();
    tensor->quantization->scale = quant.scale;
    tensor->quantization->zero_point = quant.zero_point;
    tensor->quantization->quantized_dimension = quant.quantized_dimension;
  }
  tensors_.push_back(std::move(tensor));
  return static_cast<int>(tensors_.size() - 1);
}

int OneOpModel::AddInput(DType type, const Shape& shape, const QuantParams& quant) {
  const int index = AddTensor(type, shape, quant, 0);
  graph_inputs_.push_back(index);
  op_inputs_.push_back(index);
  return index;
}

int OneOpModel::AddConstantBytes(DType type, const Shape& shape, const void* data, size_t bytes,
                                 const QuantParams& quant) {
  const auto* begin = static_cast<const uint8_t*>(data);
  buffers_.emplace_back(begin, begin + bytes);
  const int index = AddTensor(type, shape, quant, static_cast<uint32_t>(buffers_.size() - 1));
  op_inputs_.push_back(index);
  return index;
}

int OneOpModel::AddOutput(DType type, const Shape& shape, const QuantParams& quant) {
  const int index = AddTensor(type, shape, quant, 0);
  graph_outputs_.push_back(index);
  return index;
}

Result<Model> OneOpModel::Build() {
  auto ir = std::make_unique<tfl::ModelT>();
  ir->version = 3;
  auto code = std::make_unique<tfl::OperatorCodeT>();
  code->builtin_code = op_;
  code->deprecated_builtin_code = static_cast<int8_t>(std::min<int>(op_, 127));
  code->version = version_;
  ir->operator_codes.push_back(std::move(code));
  for (auto& bytes : buffers_) {
    auto buffer = std::make_unique<tfl::BufferT>();
    buffer->data = bytes;
    ir->buffers.push_back(std::move(buffer));
  }
  auto graph = std::make_unique<tfl::SubGraphT>();
  for (auto& tensor : tensors_) graph->tensors.push_back(std::make_unique<tfl::TensorT>(*tensor));
  graph->inputs = graph_inputs_;
  graph->outputs = graph_outputs_;
  auto op = std::make_unique<tfl::OperatorT>();
  op->opcode_index = 0;
  op->inputs = op_inputs_;
  op->outputs = graph_outputs_;
  op->builtin_options = options_;
  graph->operators.push_back(std::move(op));
  ir->subgraphs.push_back(std::move(graph));
  return Model::FromIr(std::move(ir), std::string("one-op ") + tfl::EnumNameBuiltinOperator(op_));
}

}  // namespace edgepose::testing
