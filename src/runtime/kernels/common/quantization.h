// Fixed-point requantization exactly as TFLite does it (tensorflow/lite/kernels/internal/
// quantization_util.cc QuantizeMultiplier, common.h MultiplyByQuantizedMultiplier with gemmlowp's
// SaturatingRoundingDoublingHighMul + RoundingDivideByPOT; the int64 variant used by 16x8 ops),
// in the default double-rounding mode (TFLITE_SINGLE_ROUNDING off), plus the per-channel
// parameters that CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV and FULLY_CONNECTED share.
#pragma once

#include <cstdint>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tensor.h"
#include "runtime/kernels/common/activation.h"

namespace edgepose::kernels {

// A real multiplier as significand (Q31, in [2^30, 2^31)) times 2^shift. Zero maps to {0, 0};
// multipliers below ~2^-31 flush to zero as in TFLite.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};
QuantizedMultiplier QuantizeMultiplier(double real_multiplier);

// gemmlowp primitives.
int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b);
int32_t RoundingDivideByPOT(int32_t x, int exponent);

// x * multiplier * 2^shift with TFLite's rounding.
int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift);
// The 16x8 variant: x is an int64 accumulator (|x| < 2^47), multiplier reduced to 16 bits. Inline:
// the 16x8 convolution kernels requantize every output with it.
inline int32_t MultiplyByQuantizedMultiplier(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t rounded = x * static_cast<int64_t>(reduced) + (static_cast<int64_t>(1) << (total_shift - 1));
  return static_cast<int32_t>(rounded >> total_shift);
}

// Integer range of a quantized dtype (int8, uint8, int16); false for other dtypes.
bool QuantizedTypeRange(DType type, int32_t* min, int32_t* max);

// Everything an integer conv-like kernel needs to turn an int32/int64 accumulator into an output
// value: per output channel multiplier/shift (one entry when per tensor), offsets, clamp.
struct RequantizeParams {
  std::vector<int32_t> multiplier;
  std::vector<int> shift;
  int32_t input_offset = 0;   // -input zero point
  int32_t filter_offset = 0;  // -filter zero point (per-tensor filters only; 0 for int8 per channel)
  int32_t output_offset = 0;  // output zero point
  int32_t act_min = 0, act_max = 0;

  int32_t Apply(int32_t acc, int channel) const {
    const size_t i = multiplier.size() == 1 ? 0 : static_cast<size_t>(channel);
    const int32_t scaled = MultiplyByQuantizedMultiplier(acc, multiplier[i], shift[i]) + output_offset;
    return scaled < act_min ? act_min : (scaled > act_max ? act_max : scaled);
  }
  int32_t Apply(int64_t acc, int channel) const {
    const size_t i = multiplier.size() == 1 ? 0 : static_cast<size_t>(channel);
    const int32_t scaled = MultiplyByQuantizedMultiplier(acc, multiplier[i], shift[i]) + output_offset;
    return scaled < act_min ? act_min : (scaled > act_max ? act_max : scaled);
  }
};

// TFLite's PopulateConvolutionQuantizationParams: effective scale per output channel is
// input_scale * filter_scale[c] / output_scale. Validates that the tensors are quantized, that
// filter scales are 1 or `channels` entries, and that the bias (if any) is int32 (int64 allowed for
// int16 activations). Errors are problems without the node prefix.
Result<RequantizeParams> PrepareConvRequantize(const Tensor& input, const Tensor& filter, const Tensor* bias,
                                               const Tensor& output, int channels, const FloatRange& activation);

// Integer value of a per-tensor quantized tensor's zero point (0 when absent).
int32_t ZeroPoint(const Tensor& tensor);
float Scale(const Tensor& tensor);  // 0 when absent

}  // namespace edgepose::kernels
