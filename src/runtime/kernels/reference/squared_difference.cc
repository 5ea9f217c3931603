// SQUARED_DIFFERENCE: y = (a - b)^2 with NumPy broadcasting (TFLite
// kernels/squared_difference.cc). No options, no fused activation. FLOAT32, INT32.
#include "runtime/kernels/common/elementwise_binary.h"

namespace edgepose::kernels::reference {
namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(BinaryParams params, PrepareBinary(node, tfl::ActivationFunctionType_NONE));
  const DType type = node.inputs[0]->type;
  if (type != DType::kFloat32 && type != DType::kInt32)
    return node.Fail(std::string("dtype ") + DTypeName(type) + " is not supported (expected FLOAT32, INT32)");
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<BinaryParams>();
  if (node.inputs[0]->type == DType::kInt32) {
    EvalBinary<int32_t>(node, params, [](int32_t a, int32_t b) {
      const uint32_t d = static_cast<uint32_t>(a) - static_cast<uint32_t>(b);
      return static_cast<int32_t>(d * d);
    });
    return Ok();
  }
  return EvalBinaryFloat(node, params, [](float a, float b) { return (a - b) * (a - b); });
}

}  // namespace

const runtime::KernelDef& SquaredDifferenceKernel() {
  static const runtime::KernelDef kernel{"reference/SQUARED_DIFFERENCE", tfl::BuiltinOperator_SQUARED_DIFFERENCE,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
