#include "runtime/kernels/common/quantization.h"

#include <cmath>
#include <limits>
#include <string>

namespace edgepose::kernels {

QuantizedMultiplier QuantizeMultiplier(double real_multiplier) {
  QuantizedMultiplier result;
  if (real_multiplier == 0.0) return result;
  const double significand = std::frexp(real_multiplier, &result.shift);
  int64_t fixed = static_cast<int64_t>(std::round(significand * (1LL << 31)));
  if (fixed == (1LL << 31)) {  // rounding carried into the next power of two
    fixed /= 2;
    ++result.shift;
  }
  if (result.shift < -31) {  // every bit would be shifted out: flush to zero like TFLite
    result.shift = 0;
    fixed = 0;
  }
  result.multiplier = static_cast<int32_t>(fixed);
  return result;
}

int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::max();
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  // Division truncates toward zero, which together with the signed nudge rounds half away from zero.
  return static_cast<int32_t>((product + nudge) / (1LL << 31));
}

int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  if (exponent == 0) return x;
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  // x * 2^left_shift wraps like TFLite's int32 arithmetic; scales are chosen so it does not overflow.
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
}

bool QuantizedTypeRange(DType type, int32_t* min, int32_t* max) {
  switch (type) {
    case DType::kInt8: *min = -128; *max = 127; return true;
    case DType::kUInt8: *min = 0; *max = 255; return true;
    case DType::kInt16: *min = -32768; *max = 32767; return true;
    default: return false;
  }
}

int32_t ZeroPoint(const Tensor& tensor) {
  return tensor.quant.zero_point.empty() ? 0 : static_cast<int32_t>(tensor.quant.zero_point[0]);
}

float Scale(const Tensor& tensor) { return tensor.quant.scale.empty() ? 0.f : tensor.quant.scale[0]; }

Result<RequantizeParams> PrepareConvRequantize(const Tensor& input, const Tensor& filter, const Tensor* bias,
                                               const Tensor& output, int channels, const FloatRange& activation) {
  if (input.quant.scale.size() != 1 || output.quant.scale.size() != 1)
    return MakeError("input \"" + input.name + "\" and output \"" + output.name + "\" need per-tensor quantization");
  const size_t filter_scales = filter.quant.scale.size();
  if (filter_scales != 1 && filter_scales != static_cast<size_t>(channels))
    return MakeError("filter \"" + filter.name + "\" has " + std::to_string(filter_scales) + " scales, expected 1 or " +
                     std::to_string(channels));
  if (filter.type != DType::kInt8 && filter.type != DType::kUInt8)
    return MakeError(std::string("filter dtype ") + DTypeName(filter.type) + " is not supported with quantized input");
  if (filter.type == DType::kInt8)
    for (int64_t zero_point : filter.quant.zero_point)
      if (zero_point != 0) return MakeError("int8 filter \"" + filter.name + "\" must have zero point 0");
  if (filter_scales > 1 && filter.type != DType::kInt8)
    return MakeError("per-channel filter \"" + filter.name + "\" must be int8");
  if (bias) {
    const bool wide = input.type == DType::kInt16 && bias->type == DType::kInt64;
    if (bias->type != DType::kInt32 && !wide)
      return MakeError(std::string("bias dtype ") + DTypeName(bias->type) + " does not match a " +
                       DTypeName(input.type) + " input");
  }
  RequantizeParams params;
  const double input_scale = input.quant.scale[0];
  const double output_scale = output.quant.scale[0];
  if (!(output_scale > 0)) return MakeError("output \"" + output.name + "\" has a non-positive scale");
  for (size_t c = 0; c < filter_scales; ++c) {
    const double effective = input_scale * static_cast<double>(filter.quant.scale[c]) / output_scale;
    const QuantizedMultiplier q = QuantizeMultiplier(effective);
    params.multiplier.push_back(q.multiplier);
    params.shift.push_back(q.shift);
  }
  params.input_offset = -ZeroPoint(input);
  params.filter_offset = filter_scales == 1 ? -ZeroPoint(filter) : 0;
  params.output_offset = ZeroPoint(output);
  int32_t qmin = 0, qmax = 0;
  if (!QuantizedTypeRange(output.type, &qmin, &qmax))
    return MakeError(std::string("output dtype ") + DTypeName(output.type) + " is not a quantized type");
  QuantizedActivationRange(activation, static_cast<float>(output_scale), params.output_offset, qmin, qmax,
                           &params.act_min, &params.act_max);
  return params;
}

}  // namespace edgepose::kernels
