// RELU: y = max(0, x); RELU6 and RELU_N1_TO_1 (their own files register them) clamp to [0, 6]
// and [-1, 1] (TFLite kernels/activations.cc). FLOAT32, and INT8 / UINT8 / INT16 rescaled from the
// input's to the output's quantization with TFLite's fixed point (reference ReluX). No options.
#include "runtime/kernels/reference/relu.h"

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

Result<ReluParams> PrepareRelu(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32, DType::kInt8, DType::kUInt8, DType::kInt16}));
  ReluParams params;
  switch (node.op) {
    case tfl::BuiltinOperator_RELU: params.range = {0.f, std::numeric_limits<float>::infinity()}; break;
    case tfl::BuiltinOperator_RELU6: params.range = {0.f, 6.f}; break;
    case tfl::BuiltinOperator_RELU_N1_TO_1: params.range = {-1.f, 1.f}; break;
    default: return node.Fail("not a RELU operator");
  }
  const Tensor& in = *node.inputs[0];
  const Tensor& out = *node.outputs[0];
  if (in.type == DType::kFloat32) return params;
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, in, "input"));
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, out, "output"));
  params.input_zero_point = ZeroPoint(in);
  params.output_zero_point = ZeroPoint(out);
  params.multiplier = QuantizeMultiplier(static_cast<double>(in.quant.scale[0]) / out.quant.scale[0]);
  int32_t qmin = 0, qmax = 0;
  QuantizedTypeRange(out.type, &qmin, &qmax);
  QuantizedActivationRange(params.range, out.quant.scale[0], params.output_zero_point, qmin, qmax, &params.act_min,
                           &params.act_max);
  return params;
}

Result<runtime::KernelParams> PrepareReluKernel(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(ReluParams params, PrepareRelu(node));
  return runtime::KernelParams::Make(std::move(params));
}

namespace {

template <class T>
void EvalQuantized(const runtime::NodeContext& node, const ReluParams& p) {
  EvalUnary<T, T>(node, [&](T q) {
    const int32_t scaled = p.output_zero_point + MultiplyByQuantizedMultiplier(static_cast<int32_t>(q) - p.input_zero_point,
                                                                              p.multiplier.multiplier, p.multiplier.shift);
    return static_cast<T>(std::min(p.act_max, std::max(p.act_min, scaled)));
  });
}

}  // namespace

Status EvalRelu(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<ReluParams>();
  switch (node.inputs[0]->type) {
    case DType::kInt8: EvalQuantized<int8_t>(node, params); return Ok();
    case DType::kUInt8: EvalQuantized<uint8_t>(node, params); return Ok();
    case DType::kInt16: EvalQuantized<int16_t>(node, params); return Ok();
    default: break;
  }
  const FloatRange range = params.range;
  EvalUnary<float, float>(node, [&](float x) { return range.Apply(x); });
  return Ok();
}

const runtime::KernelDef& ReluKernel() {
  static const runtime::KernelDef kernel{"reference/RELU", tfl::BuiltinOperator_RELU, Backend::kReference, nullptr,
                                         PrepareReluKernel, EvalRelu};
  return kernel;
}

}  // namespace edgepose::kernels::reference
