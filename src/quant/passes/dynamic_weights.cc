#include "quant/passes/dynamic_weights.h"

#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"
#include "quant/passes/op_versions.h"
#include "quant/quant_params.h"

namespace edgepose::quant {

Result<int> QuantizeWeightsDynamic(tfl::ModelT& model) {
  if (model.subgraphs.empty()) return MakeError("model has no subgraph");
  auto& sg = *model.subgraphs[0];
  int quantized = 0;
  for (auto& op : sg.operators) {
    const tfl::BuiltinOperator code = OperatorOf(model, *op);
    if (code != tfl::BuiltinOperator_CONV_2D && code != tfl::BuiltinOperator_DEPTHWISE_CONV_2D &&
        code != tfl::BuiltinOperator_FULLY_CONNECTED)
      continue;
    const OpRule rule = RuleFor(code);
    if (op->inputs.size() <= static_cast<size_t>(rule.weights_input)) continue;
    const int32_t w = op->inputs[rule.weights_input];
    if (w < 0 || static_cast<size_t>(w) >= sg.tensors.size()) continue;
    const auto& weights = *sg.tensors[w];
    const int32_t input = op->inputs[0];
    if (weights.type != tfl::TensorType_FLOAT32 || !IsConstant(model, weights) || input < 0 ||
        sg.tensors[input]->type != tfl::TensorType_FLOAT32)
      continue;
    if (rule.weights_channel_dim >= static_cast<int>(weights.shape.size()))
      return MakeError("weights \"" + weights.name + "\": rank too small for per-channel quantization");
    const std::vector<float> values = ConstantFloats(model, weights);
    const QuantizedWeights q = QuantizeWeightsSymmetric(values.data(), weights.shape, rule.weights_channel_dim, true);
    const int32_t replacement = AddTensor(sg, weights.name + "_int8", weights.shape, tfl::TensorType_INT8,
                                          AddBufferOf(model, q.values));
    SetQuantization(*sg.tensors[replacement], q.scales, std::vector<int64_t>(q.scales.size(), 0), q.quantized_dimension);
    op->inputs[rule.weights_input] = replacement;
    if (code == tfl::BuiltinOperator_FULLY_CONNECTED) {
      if (!op->builtin_options.AsFullyConnectedOptions()) op->builtin_options.Set(tfl::FullyConnectedOptionsT{});
      op->builtin_options.AsFullyConnectedOptions()->asymmetric_quantize_inputs = true;
    }
    ++quantized;
  }
  UpdateOperatorVersions(model);
  return quantized;
}

}  // namespace edgepose::quant
