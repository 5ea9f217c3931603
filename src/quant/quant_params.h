// Choosing quantization parameters, following the TFLite quantization spec
// (https://www.tensorflow.org/lite/performance/quantization_spec):
// - activations int8/uint8: asymmetric, the range widened to contain 0 and 0.0 exactly
//   representable (the zero point is the rounded real zero point, clamped to the type range);
// - activations int16: symmetric, zero point 0, scale = max|x| / 32767;
// - weights int8: symmetric per channel (or per tensor) in [-127, 127], zero point 0;
// - bias: int32 (int64 for 16x8), scale = input_scale * weight_scale[c], zero point 0.
#pragma once

#include <cstdint>
#include <vector>

#include "edgepose/tensor.h"
#include "quant/observers/range_observer.h"

namespace edgepose::quant {

struct AffineParams {
  float scale = 1.f;
  int64_t zero_point = 0;
};

// Integer range of an activation dtype (int8, uint8, int16); int16 is symmetric [-32767, 32767].
void ActivationTypeRange(DType type, int32_t* qmin, int32_t* qmax);

// Asymmetric params for [min, max] on [qmin, qmax] (TFLite's GetAsymmetricQuantizationParams):
// scale = (max - min) / (qmax - qmin) after widening to contain 0. A degenerate range gets scale 1.
AffineParams ChooseAsymmetric(Range range, int32_t qmin, int32_t qmax);
// Symmetric params: zero point 0, scale = max(|min|, |max|) / qmax (1 for an all-zero range).
AffineParams ChooseSymmetric(Range range, int32_t qmax);
// The activation params of `type` for a calibrated range (int16 symmetric, 8-bit asymmetric).
AffineParams ChooseActivationParams(Range range, DType type);

// Params that let a model take raw camera bytes: the real input range [lo, hi] is [0, 1] or
// [-1, 1]; uint8 byte p means p / 255 or p / 127.5 - 1 (scale 1/255 zp 0, scale 1/127.5 zp 128,
// which reads p as (p - 128) / 127.5: an offset of -1/255 against the float convention); int8
// takes the byte minus 128 with the same scale. int16 gets the symmetric params of the range.
AffineParams InputParamsForRange(Range range, DType type);

struct QuantizedWeights {
  std::vector<int8_t> values;
  std::vector<float> scales;  // one per channel, or one
  int32_t quantized_dimension = 0;
};
// Symmetric int8 weights in [-127, 127] with one scale per slice along `channel_dim`
// (per_channel) or one scale for the whole tensor. An all-zero channel gets scale 1.
QuantizedWeights QuantizeWeightsSymmetric(const float* values, const Shape& shape, int channel_dim,
                                          bool per_channel);

// Bias with scale input_scale * weight_scales[c] (weight_scales has 1 or `count` entries),
// rounded to nearest and saturated to the integer type.
std::vector<int32_t> QuantizeBias32(const float* bias, size_t count, float input_scale,
                                    const std::vector<float>& weight_scales);
std::vector<int64_t> QuantizeBias64(const float* bias, size_t count, float input_scale,
                                    const std::vector<float>& weight_scales);

// q = clamp(round(x / scale) + zero_point, qmin, qmax)
int32_t QuantizeValue(float x, const AffineParams& params, int32_t qmin, int32_t qmax);

}  // namespace edgepose::quant
