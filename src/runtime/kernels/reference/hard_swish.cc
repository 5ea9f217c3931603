// HARD_SWISH: y = x * relu6(x + 3) / 6, multiplied before dividing as TFLite's reference
// hard_swish.h does. FLOAT32. No options.
#include "runtime/kernels/reference/hard_swish.h"

#include <algorithm>

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

Result<HardSwishParams> PrepareHardSwish(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32}));
  return HardSwishParams{};
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(HardSwishParams params, PrepareHardSwish(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams&) {
  EvalUnary<float, float>(node, [](float x) { return x * std::min(6.f, std::max(0.f, x + 3.f)) / 6.f; });
  return Ok();
}

}  // namespace

const runtime::KernelDef& HardSwishKernel() {
  static const runtime::KernelDef kernel{"reference/HARD_SWISH", tfl::BuiltinOperator_HARD_SWISH, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
