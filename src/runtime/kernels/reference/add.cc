// ADD: output = activation(a + b) with NumPy broadcasting (TFLite kernels/add.cc). Options:
// AddOptions.fused_activation_function, pot_scale_int16. FLOAT32, INT32, and INT8 / UINT8 / INT16
// with TFLite's integer arithmetic; shared with SUB (common/add_sub.h).
#include "runtime/kernels/reference/add.h"

namespace edgepose::kernels::reference {

Result<AddParams> PrepareAdd(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsAddOptions();
  return PrepareAddSub(node, options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE,
                       options ? options->pot_scale_int16 : true);
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(AddParams params, PrepareAdd(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalAddSub(node, state.as<AddParams>(), /*subtract=*/false);
}

}  // namespace

const runtime::KernelDef& AddKernel() {
  static const runtime::KernelDef kernel{"reference/ADD", tfl::BuiltinOperator_ADD, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
