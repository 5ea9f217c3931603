#include "quant/passes/float_weights.h"

#include <cstring>
#include <set>
#include <vector>

#include "core/float16.h"
#include "model/tensor_utils.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant {

Status CheckFloatModel(const tfl::ModelT& model) {
  if (model.subgraphs.empty()) return MakeError("model has no subgraph");
  const auto& subgraph = *model.subgraphs[0];
  for (size_t t = 0; t < subgraph.tensors.size(); ++t) {
    const auto& tensor = *subgraph.tensors[t];
    const bool integer = tensor.type == tfl::TensorType_INT8 || tensor.type == tfl::TensorType_UINT8 ||
                         tensor.type == tfl::TensorType_INT16;
    if (integer && tensor.quantization && !tensor.quantization->scale.empty()) {
      return MakeError("model is already quantized (" + model::TensorLabel(0, static_cast<int>(t), tensor) +
                       " is " + model::TensorTypeName(tensor.type) + " with scales); start from a float model");
    }
  }
  return Ok();
}

Result<int> ConvertWeightsToFloat16(tfl::ModelT& model) {
  if (model.subgraphs.empty()) return MakeError("model has no subgraph");
  auto& subgraph = *model.subgraphs[0];
  std::set<int32_t> constants;
  for (const auto& op : subgraph.operators)
    for (int32_t t : op->inputs)
      if (t >= 0 && static_cast<size_t>(t) < subgraph.tensors.size() &&
          subgraph.tensors[t]->type == tfl::TensorType_FLOAT32 && IsConstant(model, *subgraph.tensors[t]))
        constants.insert(t);
  std::vector<std::unique_ptr<tfl::OperatorT>> operators;
  for (int32_t t : constants) {
    auto& tensor = *subgraph.tensors[t];
    const std::vector<float> values = ConstantFloats(model, tensor);
    std::vector<uint16_t> halves(values.size());
    for (size_t i = 0; i < values.size(); ++i) halves[i] = FloatToHalf(values[i]);
    const uint32_t buffer = AddBufferOf(model, halves);
    const int32_t half_tensor = AddTensor(subgraph, tensor.name + "_fp16", tensor.shape, tfl::TensorType_FLOAT16, buffer);
    subgraph.tensors[t]->buffer = 0;  // now computed by the DEQUANTIZE
    operators.push_back(MakeOperator(model, tfl::BuiltinOperator_DEQUANTIZE, {half_tensor}, {t}));
  }
  for (auto& op : subgraph.operators) operators.push_back(std::move(op));
  subgraph.operators = std::move(operators);
  return static_cast<int>(constants.size());
}

}  // namespace edgepose::quant
