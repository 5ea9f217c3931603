// SUB: y = activation(a - b) with NumPy broadcasting (TFLite kernels/sub.cc). Options:
// SubOptions.fused_activation_function (NONE, RELU, RELU_N1_TO_1, RELU6), pot_scale_int16. FLOAT32,
// INT32, and INT8 / UINT8 / INT16 with TFLite's integer arithmetic (common/quantized_binary.h).
#include "runtime/kernels/reference/sub.h"

namespace edgepose::kernels::reference {

Result<SubParams> PrepareSub(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsSubOptions();
  const auto activation = options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE;
  SubParams params;
  EP_ASSIGN_OR_RETURN(params.binary, PrepareBinary(node, activation));
  const DType type = node.inputs[0]->type;
  if (type == DType::kInt8 || type == DType::kUInt8 || type == DType::kInt16) {
    auto quantized = PrepareQuantizedAdd(*node.inputs[0], *node.inputs[1], *node.outputs[0], params.binary.range,
                                         options ? options->pot_scale_int16 : true);
    if (!quantized) return node.Fail(quantized.error().message);
    params.quantized = *quantized;
  } else if (type != DType::kFloat32 && type != DType::kInt32) {
    return node.Fail(std::string("dtype ") + DTypeName(type) + " is not supported (expected FLOAT32, INT32, INT8, UINT8, INT16)");
  }
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(SubParams params, PrepareSub(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<SubParams>();
  switch (node.inputs[0]->type) {
    case DType::kInt8: EvalQuantizedAdd<int8_t>(node, params.binary, params.quantized, /*subtract=*/true); return Ok();
    case DType::kUInt8: EvalQuantizedAdd<uint8_t>(node, params.binary, params.quantized, /*subtract=*/true); return Ok();
    case DType::kInt16: EvalQuantizedAdd<int16_t>(node, params.binary, params.quantized, /*subtract=*/true); return Ok();
    default: break;
  }
  if (node.inputs[0]->type == DType::kInt32) {
    const IntRange range = ToIntRange(params.binary.range);
    EvalBinary<int32_t>(node, params.binary, [&](int32_t a, int32_t b) {
      return range.Apply(static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b)));
    });
    return Ok();
  }
  return EvalBinaryFloat(node, params.binary, [](float a, float b) { return a - b; });
}

}  // namespace

const runtime::KernelDef& SubKernel() {
  static const runtime::KernelDef kernel{"reference/SUB", tfl::BuiltinOperator_SUB, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
