// DIV: y = activation(a / b) with NumPy broadcasting (TFLite kernels/div.cc). Options:
// DivOptions.fused_activation_function. FLOAT32 (IEEE division: x / 0 is +-inf or NaN, as in
// TFLite) and INT32 (truncating; a zero divisor is an Eval error, as in TFLite).
#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {
namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsDivOptions();
  const auto activation = options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE;
  EP_ASSIGN_OR_RETURN(BinaryParams params, PrepareBinary(node, activation));
  const DType type = node.inputs[0]->type;
  if (type != DType::kFloat32 && type != DType::kInt32)
    return node.Fail(std::string("dtype ") + DTypeName(type) + " is not supported (expected FLOAT32, INT32)");
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<BinaryParams>();
  if (node.inputs[0]->type == DType::kInt32) {
    const int32_t* divisor = node.inputs[1]->data_as<int32_t>();
    const int64_t count = node.inputs[1]->num_elements();
    for (int64_t i = 0; i < count; ++i)
      if (divisor[i] == 0) return node.Fail("division by zero");
    const IntRange range = ToIntRange(params.range);
    EvalBinary<int32_t>(node, params, [&](int32_t a, int32_t b) {
      // INT32_MIN / -1 overflows; TFLite leaves it undefined, we wrap.
      if (b == -1) return range.Apply(static_cast<int32_t>(0u - static_cast<uint32_t>(a)));
      return range.Apply(a / b);
    });
    return Ok();
  }
  return EvalBinaryFloat(node, params, [](float a, float b) { return a / b; });
}

}  // namespace

const runtime::KernelDef& DivKernel() {
  static const runtime::KernelDef kernel{"reference/DIV", tfl::BuiltinOperator_DIV, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
