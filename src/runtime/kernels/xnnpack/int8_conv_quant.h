// The quantization an own int8 convolution kernel (int8_gemm_conv.h, planar_depthwise.h) needs, and the
// requantization scale both compute exactly as XNNPACK's qc8/qs8 operators do, so their outputs stay
// bit-exact with the XNNPACK path they replace (and with LiteRT, which runs it).
#pragma once

#include <cstdint>

namespace edgepose::kernels::xnnpack {

struct Int8ConvQuant {
  float input_scale = 1.f, output_scale = 1.f;
  int32_t input_zero_point = 0, output_zero_point = 0;
  int8_t output_min = -128, output_max = 127;  // fused activation bounds
};

// input_scale * filter_scale / output_scale in single precision and in that order, as XNNPACK.
inline float RequantizationScale(const Int8ConvQuant& quant, float filter_scale) {
  return quant.input_scale * filter_scale / quant.output_scale;
}

}  // namespace edgepose::kernels::xnnpack
