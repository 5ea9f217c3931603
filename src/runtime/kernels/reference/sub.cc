// SUB: y = activation(a - b) with NumPy broadcasting (TFLite kernels/sub.cc). Options:
// SubOptions.fused_activation_function (NONE, RELU, RELU_N1_TO_1, RELU6), pot_scale_int16. FLOAT32,
// INT32, and INT8 / UINT8 / INT16 with TFLite's integer arithmetic (common/quantized_binary.h).
#include "runtime/kernels/reference/sub.h"

namespace edgepose::kernels::reference {

Result<SubParams> PrepareSub(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsSubOptions();
  return PrepareAddSub(node, options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE,
                       options ? options->pot_scale_int16 : true);
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(SubParams params, PrepareSub(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalAddSub(node, state.as<SubParams>(), /*subtract=*/true);
}

}  // namespace

const runtime::KernelDef& SubKernel() {
  static const runtime::KernelDef kernel{"reference/SUB", tfl::BuiltinOperator_SUB, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
