// MINIMUM: y = min(a, b) elementwise with NumPy broadcasting (TFLite
// kernels/maximum_minimum.cc). No options. Prepare and Eval are shared with MAXIMUM (maximum.cc).
#include "runtime/kernels/reference/minimum.h"

namespace edgepose::kernels::reference {
namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(MaximumMinimumParams params, PrepareMaximumMinimum(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalMaximumMinimum(node, state.as<MaximumMinimumParams>(), /*pick_max=*/false);
}

}  // namespace

const runtime::KernelDef& MinimumKernel() {
  static const runtime::KernelDef kernel{"reference/MINIMUM", tfl::BuiltinOperator_MINIMUM, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
