// LOGISTIC: y = 1 / (1 + exp(-x)) (TFLite kernels/activations.cc SigmoidEval, reference
// logistic.h: 1 above x = 16.619..., exp(x) below x = -9 where 1 + exp(-x) would lose exp(x)).
// FLOAT32; INT8 / UINT8 through a 256-entry table built in float (TFLite's
// PopulateLookupTable), with TFLite's required output quantization: scale 1/256, zero point
// -128 (INT8) or 0 (UINT8); INT16 (zero points 0, output scale 1/32768) with TFLite's
// interpolated table (common/sigmoid_int16.h). No options.
#include "runtime/kernels/reference/logistic.h"

#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

float LogisticFloat(float x) {
  constexpr float kUpperCutoff = 16.619047164916992188f;
  constexpr float kLowerCutoff = -9.f;
  if (x > kUpperCutoff) return 1.f;
  if (x < kLowerCutoff) return std::exp(x);
  return 1.f / (1.f + std::exp(-x));
}

Result<LogisticParams> PrepareLogistic(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32, DType::kInt8, DType::kUInt8, DType::kInt16}));
  LogisticParams params;
  const Tensor& in = *node.inputs[0];
  const Tensor& out = *node.outputs[0];
  if (in.type == DType::kFloat32) return params;
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, in, "input"));
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, out, "output"));
  if (in.type == DType::kInt16) {
    if (ZeroPoint(in) != 0 || ZeroPoint(out) != 0 || out.quant.scale[0] != 1.f / 32768)
      return node.Fail("int16 input and output need zero point 0 and output scale 1/32768 (output \"" + out.name +
                       "\" has " + std::to_string(out.quant.scale[0]) + ", " + std::to_string(ZeroPoint(out)) + ")");
    auto int16 = PrepareSigmoidInt16(in.quant.scale[0]);
    if (!int16) return node.Fail("input \"" + in.name + "\": " + int16.error().message);
    params.int16 = *int16;
    return params;
  }
  const int64_t expected_zero = in.type == DType::kInt8 ? -128 : 0;
  const int64_t zero = out.quant.zero_point.empty() ? 0 : out.quant.zero_point[0];
  if (out.quant.scale[0] != 1.f / 256 || zero != expected_zero)
    return node.Fail("output \"" + out.name + "\" must have scale 1/256 and zero point " +
                     std::to_string(expected_zero) + " (has " + std::to_string(out.quant.scale[0]) + ", " +
                     std::to_string(zero) + ")");
  if (in.type == DType::kInt8) params.table = BuildLookupTable<int8_t>(in.quant, out.quant, LogisticFloat);
  else params.table = BuildLookupTable<uint8_t>(in.quant, out.quant, LogisticFloat);
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(LogisticParams params, PrepareLogistic(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<LogisticParams>();
  switch (node.inputs[0]->type) {
    case DType::kFloat32: EvalUnary<float, float>(node, LogisticFloat); break;
    case DType::kInt8: EvalLookupTable<int8_t>(node, params.table); break;
    case DType::kUInt8: EvalLookupTable<uint8_t>(node, params.table); break;
    case DType::kInt16:
      EvalUnary<int16_t, int16_t>(node, [&](int16_t q) { return SigmoidInt16(q, params.int16); });
      break;
    default: return node.Fail("unexpected dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& LogisticKernel() {
  static const runtime::KernelDef kernel{"reference/LOGISTIC", tfl::BuiltinOperator_LOGISTIC, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
