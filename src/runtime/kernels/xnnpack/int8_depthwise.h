// Int8 DEPTHWISE_CONV_2D (depth multiplier 1, 3x3 and 5x5, stride 1 and 2) run without XNNPACK.
// Why: Debian's XNNPACK (2022) qc8/qs8 depthwise microkernels widen to int32 and multiply with
// vpmulld; on pose_landmark_full int8 its 38 depthwise nodes ran at 8.7 GMAC/s, slower than the
// same nodes in float32 (15.6), so the int8 model lost most of its speed-up there.
//
// Same arithmetic as XNNPACK's qc8/qs8 operators ("fp32" requantization), so outputs are bit-exact
// with the path it replaces (and with LiteRT):
//   acc[c] = bias[c] + sum over the taps of (x - input_zero_point) * w[tap][c]     (int32)
//   out[c] = clamp(round_half_even(float(acc[c]) * scale[c]) + output_zero_point, out_min, out_max)
//   scale[c] = input_scale * filter_scale[c] / output_scale                        (float, that order)
// The tap sum runs in float32 and is still exact: |x - zp| <= 255 and |w| <= 128, so every product
// and every partial sum of at most 25 of them is an integer below 2^24. That lets plain C++ loops
// vectorize as float multiply-adds (one instruction per 16 lanes, where int8 needs widening and
// pairing). A bias below 2^24 - 2^20 joins the float sum exactly; a larger one is added as int32.
//
// Per tile of output rows and chunk of 16 channels, each input row the tile reads is converted once
// to floats x - zp into a ring of KH planes [pixel][16], zero-padded on both sides (padding is real
// zero, no border code), so every tap of every output pixel is a load at a compile-time offset from
// its row. Each output vector (16 channels of a pixel) is then summed over the taps four pixels at a
// time, one weight load serving four multiply-adds. C = 8 at stride 1 puts two pixels in a vector
// instead of leaving half of it empty. Tiles run in parallel on the node's thread pool. The loops
// use GNU vector types (GCC and Clang): one AVX-512 register per vector in the x86-64-v4 clone
// (core/simd_clones.h), two AVX2 ones in the v3 clone, four SSE / NEON ones elsewhere.
//
// Measured on pose_landmark_full int8 (1 thread, Sapphire Rapids): the 38 depthwise nodes took
// 6.2 ms on XNNPACK, 1.9 ms here (29 GMAC/s; float32 XNNPACK: 3.55 ms).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/kernels/xnnpack/int8_conv_quant.h"

namespace edgepose::kernels::xnnpack {

struct Int8DepthwiseShape {
  int batch = 1, in_h = 1, in_w = 1, channels = 1;  // NHWC input; the output has the same channels
  int out_h = 1, out_w = 1;
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;  // before; padding after is implied by the output size
};

// True when the node takes this kernel: square 3x3 or 5x5, equal strides 1 or 2, dilation 1, at
// least 16 output pixels (32 at stride 2: below that XNNPACK measured faster), and bit-exactness
// with the XNNPACK operator it replaces is guaranteed. XNNPACK 2022 requantizes
// per-tensor (qs8) depthwise with "rndnu" fixed point on Arm, so there only per-channel (qc8, "fp32"
// everywhere) takes it.
bool Int8DepthwiseApplies(const Int8DepthwiseShape& shape, bool per_channel_filter);

class Int8DepthwiseConv {
 public:
  // `filter` [KH,KW,C] int8 (TFLite's [1,KH,KW,C], zero point 0); `filter_scales` one per channel or
  // one for all (`num_filter_scales` 1); `bias` int32 [C] or null. Call only when
  // Int8DepthwiseApplies.
  Int8DepthwiseConv(const Int8DepthwiseShape& shape, const int8_t* filter, const float* filter_scales,
                    int num_filter_scales, const int32_t* bias, const Int8ConvQuant& quant);

  // NHWC int8 input and output; `threadpool` is a pthreadpool_t or null (caller thread).
  void Run(const int8_t* input, int8_t* output, void* threadpool) const;

  const Int8DepthwiseShape& shape() const { return shape_; }

 private:
  Int8DepthwiseShape shape_;
  int pixel_lanes_ = 16;           // floats per pixel in a converted row: 16, or 8 (C = 8 at stride 1)
  int chunks_ = 1;                 // 16-channel chunks (1 when C = 8 at stride 1: two pixels per vector)
  int vectors_ = 1;                // output vectors per row and chunk
  int padded_w_ = 0;               // pixels of a converted input row, padding included
  std::vector<float> weights_;     // [chunks][KH*KW][16], padding channels 0
  std::vector<float> bias_f_;      // [chunks * 16]; empty when a bias is too large to add in float
  std::vector<int32_t> bias_i_;    // [chunks * 16]
  std::vector<float> scales_;      // [chunks * 16]
  float min_less_zero_point_ = 0.f, max_less_zero_point_ = 0.f;
  int32_t input_zero_point_ = 0, output_zero_point_ = 0;
};

}  // namespace edgepose::kernels::xnnpack
