// Int8 convolutions with groups 1 (any kernel size, stride, dilation, padding) as one GEMM per node on
// 4-byte dot-product instructions (AVX512-VNNI `vpdpbusd`: 64 multiply-adds per instruction).
// Why: Debian's XNNPACK (2022) has no VNNI int8 GEMM; its AVX-512 qc8 kernels widen to 16 bits and
// ran the int8 CONV_2D of pose_landmark_full at 31.6 GMAC/s against 45 for float32, so int8 models
// were slower than float. Where the CPU lacks VNNI (and on Arm, where XNNPACK has NEON dot-product
// kernels) the node stays on XNNPACK: Int8GemmConvAvailable() is false there.
//
// Same arithmetic as XNNPACK's qc8/qs8 operators ("fp32" requantization), so outputs are bit-exact
// with the path it replaces (and with LiteRT, which uses it too):
//   acc[c] = bias[c] + sum_k (x_k - input_zero_point) * w[c][k]          (int32, exact)
//   out[c] = clamp(round_half_even(float(acc[c]) * scale[c]) + output_zero_point, out_min, out_max)
//   scale[c] = input_scale * filter_scale[c] / output_scale                (float, in that order)
// `vpdpbusd` multiplies unsigned by signed bytes, so activations enter as u = x + 128 (x ^ 0x80) and
// each channel's bias absorbs the shift: acc = sum_k u_k * w[c][k] + bias[c] - (zp + 128) * sum_k w[c][k].
// Padding enters as u = zp + 128, i.e. real zero, which that correction cancels.
//
// Layout: each output pixel's receptive field becomes a row of K4 = round_up(KH*KW*C_in, 4) unsigned
// bytes (packed per tile of rows, so there is no image-sized scratch); the filter is packed once to
// [C_out/16][K4/4][16 channels][4 bytes], one 64-byte vector per 4 taps of 16 channels. With one or
// two output channels, rows are instead dotted with each channel's weights, 64 bytes at a time; when
// a filter row's KW * C_in taps fit 64 bytes, straight from the input lines (sign-flipped per output
// line, padding columns added) without packing rows at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/kernels/xnnpack/int8_conv_quant.h"

namespace edgepose::kernels::xnnpack {

struct Int8GemmConvShape {
  int batch = 1, in_h = 1, in_w = 1, in_c = 1;
  int out_h = 1, out_w = 1, out_c = 1;
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;  // before; padding after is implied by the output size
};

// True when this CPU runs the GEMM (x86-64 with AVX512-F/BW/VL and AVX512-VNNI).
bool Int8GemmConvAvailable();

// True when the convolution takes this path: the CPU has it and a row of the GEMM fits its tile
// buffer (KH*KW*C_in <= 16384). Every int8 convolution of the pose models measured faster here than on
// XNNPACK, the few-channel ones too (3x3 8 -> 1 at 256x256: 1.25 vs 1.64 ms; 3x3 stride 2, 3 -> 24:
// 0.41 vs 0.78 ms; 1x1 8 -> 8: 0.18 vs 0.43 ms).
bool Int8GemmConvApplies(const Int8GemmConvShape& shape);

class Int8GemmConv {
 public:
  // `filter` [C_out,KH,KW,C_in] int8 (zero point 0), `filter_scales` one per output channel or one for
  // all (`num_filter_scales` 1), `bias` int32 [C_out] or null. Call only when Int8GemmConvApplies.
  Int8GemmConv(const Int8GemmConvShape& shape, const int8_t* filter, const float* filter_scales,
               int num_filter_scales, const int32_t* bias, const Int8ConvQuant& quant);

  // NHWC int8 input and output; `threadpool` is a pthreadpool_t or null (caller thread).
  void Run(const int8_t* input, int8_t* output, void* threadpool) const;

  const Int8GemmConvShape& shape() const { return shape_; }
  int row_bytes() const { return row_bytes_; }  // K4

 private:
  Int8GemmConvShape shape_;
  int row_bytes_ = 0;                 // K4
  int channel_blocks_ = 0;            // ceil(C_out / 16)
  std::vector<uint8_t> weights_;      // [channel_blocks][K4/4][16][4], 64-byte aligned start
  size_t weights_offset_ = 0;         // of the aligned start in weights_
  std::vector<int32_t> bias_;         // [channel_blocks * 16]: bias - (zp + 128) * sum_k w
  std::vector<float> scales_;         // [channel_blocks * 16]
  bool row_dot_ = false;              // few output channels: one dot product per row and channel
  bool window_dot_ = false;           // ... read straight from sign-flipped input lines (KW * C_in <= 64)
  std::vector<uint8_t> row_weights_;  // row dot: [C_out][ceil(K4 / 64) * 64]; window: [C_out][KH][64]
  float min_less_zero_point_ = 0.f, max_less_zero_point_ = 0.f;
  int32_t output_zero_point_ = 0;
  uint8_t padding_byte_ = 0x80;       // input zero point + 128
  bool pointwise_ = false;            // 1x1, stride 1, no padding: rows are the input's pixels
};

}  // namespace edgepose::kernels::xnnpack
