#include "runtime/kernels/common/add_sub.h"

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels {

Result<AddSubParams> PrepareAddSub(runtime::NodeContext& node, tfl::ActivationFunctionType activation,
                                   bool pot_scale_int16) {
  AddSubParams params;
  EP_ASSIGN_OR_RETURN(params.binary, PrepareBinary(node, activation));
  const DType type = node.inputs[0]->type;
  if (type == DType::kInt8 || type == DType::kUInt8 || type == DType::kInt16) {
    auto quantized = PrepareQuantizedAdd(*node.inputs[0], *node.inputs[1], *node.outputs[0], params.binary.range,
                                         pot_scale_int16);
    if (!quantized) return node.Fail(quantized.error().message);
    params.quantized = *quantized;
  } else if (type != DType::kFloat32 && type != DType::kInt32) {
    return node.Fail(std::string("dtype ") + DTypeName(type) +
                     " is not supported (expected FLOAT32, INT32, INT8, UINT8, INT16)");
  }
  return params;
}

Status EvalAddSub(const runtime::NodeContext& node, const AddSubParams& params, bool subtract) {
  switch (node.inputs[0]->type) {
    case DType::kInt8: EvalQuantizedAdd<int8_t>(node, params.binary, params.quantized, subtract); return Ok();
    case DType::kUInt8: EvalQuantizedAdd<uint8_t>(node, params.binary, params.quantized, subtract); return Ok();
    case DType::kInt16: EvalQuantizedAdd<int16_t>(node, params.binary, params.quantized, subtract); return Ok();
    case DType::kInt32: {
      // Two's-complement wrap-around, as TFLite's int32 kernels (no signed-overflow UB).
      const IntRange range = ToIntRange(params.binary.range);
      EvalBinary<int32_t>(node, params.binary, [&](int32_t a, int32_t b) {
        const uint32_t ua = static_cast<uint32_t>(a), ub = static_cast<uint32_t>(b);
        return range.Apply(static_cast<int32_t>(subtract ? ua - ub : ua + ub));
      });
      return Ok();
    }
    default:
      if (subtract) return EvalBinaryFloat(node, params.binary, [](float a, float b) { return a - b; });
      return EvalBinaryFloat(node, params.binary, [](float a, float b) { return a + b; });
  }
}

}  // namespace edgepose::kernels
