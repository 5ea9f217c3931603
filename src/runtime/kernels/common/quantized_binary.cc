#include "runtime/kernels/common/quantized_binary.h"

#include <algorithm>
#include <cmath>

namespace edgepose::kernels {
namespace {

Status CheckQuantized(const Tensor& t, const char* role) {
  if (t.quant.scale.size() != 1 || !(t.quant.scale[0] > 0.f))
    return MakeError(std::string(role) + " \"" + t.name + "\" needs per-tensor quantization with a positive scale");
  if (t.type == DType::kInt16 && ZeroPoint(t) != 0)
    return MakeError(std::string(role) + " \"" + t.name + "\" is INT16 with a non-zero zero point");
  return Ok();
}

Status CheckAll(const Tensor& a, const Tensor& b, const Tensor& out) {
  EP_RETURN_IF_ERROR(CheckQuantized(a, "input 0"));
  EP_RETURN_IF_ERROR(CheckQuantized(b, "input 1"));
  return CheckQuantized(out, "output");
}

bool IsPowerOfTwo(float scale) {
  int exponent = 0;
  return std::frexp(scale, &exponent) == 0.5f;
}

}  // namespace

Result<QuantizedAddParams> PrepareQuantizedAdd(const Tensor& a, const Tensor& b, const Tensor& out,
                                               const FloatRange& activation, bool pot_scale_int16) {
  EP_RETURN_IF_ERROR(CheckAll(a, b, out));
  const double sa = a.quant.scale[0], sb = b.quant.scale[0], so = out.quant.scale[0];
  if (out.type == DType::kInt16 && pot_scale_int16 && IsPowerOfTwo(a.quant.scale[0]) &&
      IsPowerOfTwo(b.quant.scale[0]) && IsPowerOfTwo(out.quant.scale[0]))
    return MakeError("INT16 with power-of-two scales and pot_scale_int16 (TFLite's shift-only path) is not supported");
  QuantizedAddParams q;
  q.input1_offset = -ZeroPoint(a);
  q.input2_offset = -ZeroPoint(b);
  q.output_offset = ZeroPoint(out);
  q.left_shift = out.type == DType::kInt16 ? 15 : 20;
  const double twice_max_input_scale = 2 * std::max(sa, sb);
  q.input1 = QuantizeMultiplier(sa / twice_max_input_scale);
  q.input2 = QuantizeMultiplier(sb / twice_max_input_scale);
  q.output = QuantizeMultiplier(twice_max_input_scale / ((1 << q.left_shift) * so));
  int32_t qmin = 0, qmax = 0;
  QuantizedTypeRange(out.type, &qmin, &qmax);
  QuantizedActivationRange(activation, out.quant.scale[0], q.output_offset, qmin, qmax, &q.act_min, &q.act_max);
  return q;
}

Result<QuantizedMulParams> PrepareQuantizedMul(const Tensor& a, const Tensor& b, const Tensor& out,
                                               const FloatRange& activation) {
  EP_RETURN_IF_ERROR(CheckAll(a, b, out));
  QuantizedMulParams q;
  q.input1_offset = -ZeroPoint(a);
  q.input2_offset = -ZeroPoint(b);
  q.output_offset = ZeroPoint(out);
  q.output = QuantizeMultiplier(static_cast<double>(a.quant.scale[0]) * b.quant.scale[0] / out.quant.scale[0]);
  int32_t qmin = 0, qmax = 0;
  QuantizedTypeRange(out.type, &qmin, &qmax);
  QuantizedActivationRange(activation, out.quant.scale[0], q.output_offset, qmin, qmax, &q.act_min, &q.act_max);
  return q;
}

}  // namespace edgepose::kernels
