// ADD: output = activation(a + b) with NumPy broadcasting (TFLite ADD, options AddOptions:
// fused_activation_function). FLOAT32 and INT32 here; quantized variants live with the quantizer's kernels.
#include "runtime/kernels/common/elementwise_binary.h"

namespace edgepose::kernels::reference {
namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsAddOptions();
  const auto activation = options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE;
  EP_ASSIGN_OR_RETURN(BinaryParams params, PrepareBinary(node, activation));
  const DType type = node.inputs[0]->type;
  if (type != DType::kFloat32 && type != DType::kInt32)
    return node.Fail(std::string("dtype ") + DTypeName(type) + " is not supported");
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<BinaryParams>();
  if (node.inputs[0]->type == DType::kInt32) {
    EvalBinary<int32_t>(node, params, [](int32_t a, int32_t b) { return a + b; });
    return Ok();
  }
  return EvalBinaryFloat(node, params, [](float a, float b) { return a + b; });
}

}  // namespace

const runtime::KernelDef& AddKernel() {
  static const runtime::KernelDef kernel{"reference/ADD", tfl::BuiltinOperator_ADD, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
