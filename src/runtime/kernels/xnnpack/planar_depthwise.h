// DEPTHWISE_CONV_2D (depth multiplier 1, 3x3 and 5x5, stride 1 and 2) on rows converted to float
// planes, without XNNPACK: int8 (Int8DepthwiseConv) and float32 (FloatDepthwiseConv, see below).
// Why, int8: Debian's XNNPACK (2022) qc8/qs8 depthwise microkernels widen to int32 and multiply with
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
// instead of leaving half of it empty. Rows go in blocks of about 1 MB of input, each block chunk
// by chunk, so a block's input lines stay in L2 between chunks. Tiles run in parallel on the node's
// thread pool. The loops use GNU vector types (GCC and Clang): one AVX-512 register per vector in
// the x86-64-v4 clone (core/simd_clones.h), two AVX2 ones in the v3 clone, four SSE / NEON ones
// elsewhere.
//
// Measured on pose_landmark_full int8 (1 thread, Sapphire Rapids): the 38 depthwise nodes took
// 6.2 ms on XNNPACK, 1.9 ms here (29 GMAC/s; float32 XNNPACK: 3.55 ms).
//
// FloatDepthwiseConv runs float32 depthwise convolutions on the same loops: the input rows are
// copied (not converted) into the planes, each sum starts at the bias and adds the taps in order
// (ky, kx), and the output step clamps to the fused activation's range instead of requantizing:
//   out[c] = clamp(bias[c] + sum over the taps of x * w[tap][c], output_min, output_max)
// Debian's XNNPACK (2022) ran pose_detection's and pose_landmark_full's float 5x5 depthwise layers at
// 13-19 GMAC/s; here they run 1.3-2.4x faster (1 thread; FloatDepthwiseApplies lists where it
// measured faster). Both models' depthwise nodes took 2.5 and 3.9 ms before, 1.7 and 3.0 after.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/kernels/xnnpack/int8_conv_quant.h"

namespace edgepose::kernels::xnnpack {

// The shape of either kernel's convolution.
struct PlanarDepthwiseShape {
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
bool Int8DepthwiseApplies(const PlanarDepthwiseShape& shape, bool per_channel_filter);

// What both kernels keep: the shape, the layout of the converted planes and the filter as floats.
struct DepthwisePlan {
  PlanarDepthwiseShape shape;
  int pixel_lanes = 16;         // floats per pixel in a converted row: 16, or 8 (C = 8 at stride 1)
  int chunks = 1;               // 16-channel chunks (1 when C = 8 at stride 1: two pixels per vector)
  int vectors = 1;              // output vectors per row and chunk
  int padded_w = 0;             // pixels of a converted input row, padding included
  std::vector<float> weights;   // [chunks][KH*KW][16], padding channels 0
};

class Int8DepthwiseConv {
 public:
  // `filter` [KH,KW,C] int8 (TFLite's [1,KH,KW,C], zero point 0); `filter_scales` one per channel or
  // one for all (`num_filter_scales` 1); `bias` int32 [C] or null. Call only when
  // Int8DepthwiseApplies.
  Int8DepthwiseConv(const PlanarDepthwiseShape& shape, const int8_t* filter, const float* filter_scales,
                    int num_filter_scales, const int32_t* bias, const Int8ConvQuant& quant);

  // NHWC int8 input and output; `threadpool` is a pthreadpool_t or null (caller thread).
  void Run(const int8_t* input, int8_t* output, void* threadpool) const;

  const PlanarDepthwiseShape& shape() const { return plan_.shape; }

 private:
  DepthwisePlan plan_;
  std::vector<float> bias_f_;      // [chunks * 16]; empty when a bias is too large to add in float
  std::vector<int32_t> bias_i_;    // [chunks * 16]
  std::vector<float> scales_;      // [chunks * 16]
  float min_less_zero_point_ = 0.f, max_less_zero_point_ = 0.f;
  int32_t input_zero_point_ = 0, output_zero_point_ = 0;
};

// True when a float32 node takes FloatDepthwiseConv: square 3x3 or 5x5, equal strides 1 or 2,
// dilation 1, at least 32 output pixels, and where it measured faster than XNNPACK in the pose
// models: 5x5 with up to 2 MB of input, 3x3 with up to 96 channels and 1 MB of input (2 MB with up
// to 24 channels, which it takes before the narrow path, narrow_conv.h).
bool FloatDepthwiseApplies(const PlanarDepthwiseShape& shape);

class FloatDepthwiseConv {
 public:
  // `filter` [KH,KW,C] (TFLite's [1,KH,KW,C]); `bias` [C] or null; outputs clamped to
  // [output_min, output_max]. Call only when FloatDepthwiseApplies.
  FloatDepthwiseConv(const PlanarDepthwiseShape& shape, const float* filter, const float* bias, float output_min,
                     float output_max);

  // NHWC float input and output; `threadpool` is a pthreadpool_t or null (caller thread).
  void Run(const float* input, float* output, void* threadpool) const;

  const PlanarDepthwiseShape& shape() const { return plan_.shape; }

 private:
  DepthwisePlan plan_;
  std::vector<float> bias_;  // [chunks * 16], padding channels 0
  float output_min_ = 0.f, output_max_ = 0.f;
};

}  // namespace edgepose::kernels::xnnpack
