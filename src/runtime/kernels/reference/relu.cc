// RELU: y = max(0, x); RELU6 and RELU_N1_TO_1 (their own files register them) clamp to [0, 6]
// and [-1, 1] (TFLite kernels/activations.cc). FLOAT32. No options.
#include "runtime/kernels/reference/relu.h"

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

Result<ReluParams> PrepareRelu(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32}));
  ReluParams params;
  switch (node.op) {
    case tfl::BuiltinOperator_RELU: params.range = {0.f, std::numeric_limits<float>::infinity()}; break;
    case tfl::BuiltinOperator_RELU6: params.range = {0.f, 6.f}; break;
    case tfl::BuiltinOperator_RELU_N1_TO_1: params.range = {-1.f, 1.f}; break;
    default: return node.Fail("not a RELU operator");
  }
  return params;
}

Result<runtime::KernelParams> PrepareReluKernel(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(ReluParams params, PrepareRelu(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status EvalRelu(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const FloatRange range = state.as<ReluParams>().range;
  EvalUnary<float, float>(node, [&](float x) { return range.Apply(x); });
  return Ok();
}

const runtime::KernelDef& ReluKernel() {
  static const runtime::KernelDef kernel{"reference/RELU", tfl::BuiltinOperator_RELU, Backend::kReference, nullptr,
                                         PrepareReluKernel, EvalRelu};
  return kernel;
}

}  // namespace edgepose::kernels::reference
