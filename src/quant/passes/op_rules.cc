#include "quant/passes/op_rules.h"

#include "quant/passes/graph_edit.h"

namespace edgepose::quant {

OpRule RuleFor(tfl::BuiltinOperator op) {
  using P = ParamRule;
  switch (op) {
    case tfl::BuiltinOperator_CONV_2D: return {true, true, P::kFromRange, 1, 0, 2};
    case tfl::BuiltinOperator_DEPTHWISE_CONV_2D: return {true, true, P::kFromRange, 1, 3, 2};
    case tfl::BuiltinOperator_FULLY_CONNECTED: return {true, true, P::kFromRange, 1, 0, 2};
    case tfl::BuiltinOperator_ADD:
    case tfl::BuiltinOperator_SUB:
    case tfl::BuiltinOperator_MUL:
    case tfl::BuiltinOperator_MEAN:
    case tfl::BuiltinOperator_RELU:
    case tfl::BuiltinOperator_RELU6:
    case tfl::BuiltinOperator_LEAKY_RELU:
      return {true, true, P::kFromRange};
    case tfl::BuiltinOperator_HARD_SWISH:
    case tfl::BuiltinOperator_PRELU:
      return {true, false, P::kFromRange};
    case tfl::BuiltinOperator_RESHAPE:
    case tfl::BuiltinOperator_SQUEEZE:
    case tfl::BuiltinOperator_PAD:
    case tfl::BuiltinOperator_PADV2:
    case tfl::BuiltinOperator_MAX_POOL_2D:
    case tfl::BuiltinOperator_AVERAGE_POOL_2D:
    case tfl::BuiltinOperator_RESIZE_BILINEAR:
    case tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR:
    case tfl::BuiltinOperator_STRIDED_SLICE:
    case tfl::BuiltinOperator_SLICE:
    case tfl::BuiltinOperator_TRANSPOSE:
      return {true, true, P::kSameAsInput};
    case tfl::BuiltinOperator_DEPTH_TO_SPACE:
    case tfl::BuiltinOperator_SPACE_TO_DEPTH:
      return {true, false, P::kSameAsInput};  // TFLite has no int16 kernel for these
    case tfl::BuiltinOperator_CONCATENATION:
    case tfl::BuiltinOperator_MAXIMUM:
    case tfl::BuiltinOperator_MINIMUM:
      return {true, true, P::kAllInputsSameAsOutput};
    case tfl::BuiltinOperator_LOGISTIC:
    case tfl::BuiltinOperator_TANH:
    case tfl::BuiltinOperator_SOFTMAX:
      return {true, true, P::kFixed};
    default:
      return {};
  }
}

AffineParams FixedOutputParams(tfl::BuiltinOperator op, DType type) {
  if (type == DType::kInt16) return {1.f / 32768.f, 0};
  if (op == tfl::BuiltinOperator_TANH) return {1.f / 128.f, 0};
  return {1.f / 256.f, -128};  // LOGISTIC, SOFTMAX: [0, 1)
}

std::vector<int> ProducersOf(const tfl::ModelT& model) {
  if (model.subgraphs.empty()) return {};
  const auto& sg = *model.subgraphs[0];
  std::vector<int> producers(sg.tensors.size(), -1);
  for (size_t i = 0; i < sg.operators.size(); ++i)
    for (int32_t output : sg.operators[i]->outputs)
      if (output >= 0 && static_cast<size_t>(output) < producers.size()) producers[output] = static_cast<int>(i);
  return producers;
}

namespace {

// The input 0 of the kSameAsInput op writing `tensor`, or -1.
int InheritedFrom(const tfl::ModelT& model, const std::vector<int>& producers, int tensor) {
  if (tensor < 0 || static_cast<size_t>(tensor) >= producers.size() || producers[tensor] < 0) return -1;
  const auto& op = *model.subgraphs[0]->operators[producers[tensor]];
  if (RuleFor(OperatorOf(model, op)).params != ParamRule::kSameAsInput || op.inputs.empty()) return -1;
  const int source = op.inputs[0];
  if (source < 0 || static_cast<size_t>(source) >= producers.size()) return -1;
  if (IsConstant(model, *model.subgraphs[0]->tensors[source])) return -1;
  return source;
}

}  // namespace

int ParamsSource(const tfl::ModelT& model, const std::vector<int>& producers, int tensor) {
  // Bounded: a malformed graph may loop.
  for (size_t hops = 0; hops <= producers.size(); ++hops) {
    const int source = InheritedFrom(model, producers, tensor);
    if (source < 0) break;
    tensor = source;
  }
  return tensor;
}

std::set<int> TensorsWithInheritedParams(const tfl::ModelT& model) {
  std::set<int> inherited;
  const std::vector<int> producers = ProducersOf(model);
  for (size_t t = 0; t < producers.size(); ++t)
    if (InheritedFrom(model, producers, static_cast<int>(t)) >= 0) inherited.insert(static_cast<int>(t));
  return inherited;
}

}  // namespace edgepose::quant
