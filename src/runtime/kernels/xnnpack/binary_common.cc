#include "runtime/kernels/xnnpack/binary_common.h"

#include <limits>

namespace edgepose::kernels::xnnpack {
namespace {

// The XNNPACK binary operation behind the node's TFLite op.
BinaryOp OpOf(const runtime::NodeContext& node) {
  switch (node.op) {
    case tfl::BuiltinOperator_ADD: return BinaryOp::kAdd;
    case tfl::BuiltinOperator_SUB: return BinaryOp::kSubtract;
    case tfl::BuiltinOperator_MUL: return BinaryOp::kMultiply;
    case tfl::BuiltinOperator_MAXIMUM: return BinaryOp::kMaximum;
    default: return BinaryOp::kMinimum;
  }
}

FloatRange NodeActivationRange(const runtime::NodeContext& node) {
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE;
  if (const auto* add = node.ir->builtin_options.AsAddOptions()) activation = add->fused_activation_function;
  if (const auto* sub = node.ir->builtin_options.AsSubOptions()) activation = sub->fused_activation_function;
  if (const auto* mul = node.ir->builtin_options.AsMulOptions()) activation = mul->fused_activation_function;
  auto range = FusedActivationRange(activation);
  return range ? *range : FloatRange{};
}

Result<Operator> CreateQs8(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range) {
  const Tensor& output = *node.outputs[0];
  const QuantInfo out = TensorQuant(output);
  int32_t act_min = 0, act_max = 0;
  QuantizedActivationRange(range, out.scale, out.zero_point, std::numeric_limits<int8_t>::min(),
                           std::numeric_limits<int8_t>::max(), &act_min, &act_max);
  return CreateBinaryQs8(op, TensorQuant(*node.inputs[0]), TensorQuant(*node.inputs[1]), out, ClampToInt8(act_min),
                         ClampToInt8(act_max));
}

}  // namespace

bool SupportsBinaryNode(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1]) return false;
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  const Tensor& out = *node.outputs[0];
  if (a.rank() > kMaxBinaryRank || b.rank() > kMaxBinaryRank) return false;
  if (a.type == DType::kFloat32) return b.type == DType::kFloat32 && out.type == DType::kFloat32;
  if (!IsPerTensorInt8(a) || !IsPerTensorInt8(b) || !IsPerTensorInt8(out) || !BinaryQs8Available(OpOf(node)))
    return false;
  // XNNPACK bounds the int8 scale ratios (e.g. input/output for ADD); ask it rather than restate them.
  return static_cast<bool>(CreateQs8(node, OpOf(node), NodeActivationRange(node)));
}

Result<Operator> CreateBinaryForNode(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range) {
  if (node.inputs[0]->type == DType::kInt8) return NodeResult(node, CreateQs8(node, op, range));
  return NodeResult(node, CreateBinaryF32(op, range.min, range.max));
}

Status SetupBinaryForNode(const runtime::NodeContext& node, Operator& op) {
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  auto status = SetupBinary(op, Dims(a), Dims(b), a.data, b.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
