// LEAKY_RELU: y = x > 0 ? x : alpha * x (TFLite kernels/activations.cc, reference
// leaky_relu.h). Options: LeakyReluOptions.alpha. FLOAT32.
#include "runtime/kernels/reference/leaky_relu.h"

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

Result<LeakyReluParams> PrepareLeakyRelu(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32}));
  LeakyReluParams params;
  if (const auto* options = node.ir->builtin_options.AsLeakyReluOptions()) params.alpha = options->alpha;
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(LeakyReluParams params, PrepareLeakyRelu(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const float alpha = state.as<LeakyReluParams>().alpha;
  EvalUnary<float, float>(node, [&](float x) { return x > 0.f ? x : x * alpha; });
  return Ok();
}

}  // namespace

const runtime::KernelDef& LeakyReluKernel() {
  static const runtime::KernelDef kernel{"reference/LEAKY_RELU", tfl::BuiltinOperator_LEAKY_RELU, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
