// CONV_2D (groups 1) and DEPTHWISE_CONV_2D (depth multiplier 1) with int16 activations and int8
// weights: TFLite's 16x8 mode, which XNNPACK does not offer. Mixed-precision int8 models keep
// their most sensitive layers in 16x8 (`edgepose quantize --int16-branch`); on the reference
// kernel those ran at 0.7 GMAC/s, so pose_landmark_full with its regression branch in 16x8 took
// 37 ms instead of 6.
//
// Bit-exact with TFLite's reference 16x8 kernels (and so with runtime/kernels/reference/):
//   acc[c] = bias[c] + sum over the in-bounds taps of x * w                  (int64; zero points 0)
//   out[c] = clamp(MultiplyByQuantizedMultiplier(acc[c], multiplier[c], shift[c]), act_min, act_max)
// |x * w| <= 2^22, so up to 2^8 products fit in an int32 before a partial sum moves to the int64
// accumulator. Regular layers gather each output pixel's window into a contiguous int16 patch and
// take one dot product per output channel (int16 pair multiply-adds, vpmaddwd / smlal); depthwise
// layers multiply int32 vectors of 16 channels. Output pixels run in parallel on the node's thread pool.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::xnnpack {

struct Int16ConvShape {
  int batch = 1, in_h = 1, in_w = 1, in_c = 1;  // NHWC input
  int out_h = 1, out_w = 1, out_c = 1;
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;  // before; padding after is implied by the output size
  bool depthwise = false;         // then out_c == in_c and the filter is [1, KH, KW, C]
};

// True for shapes the kernel takes: positive sizes, non-negative padding, depthwise with out_c == in_c,
// and zero input / filter offsets (TFLite's 16x8 has none).
bool Int16ConvApplies(const Int16ConvShape& shape, const RequantizeParams& quant);

class Int16Conv {
 public:
  // `filter` OHWI (CONV_2D) or [1, KH, KW, C] (depthwise); `bias` int64 or int32 (one of them, or none).
  Int16Conv(const Int16ConvShape& shape, const int8_t* filter, const int64_t* bias64, const int32_t* bias32,
            const RequantizeParams& quant);
  void Run(const int16_t* input, int16_t* output, void* threadpool) const;

 private:
  Int16ConvShape shape_;
  int blocks_ = 0;                // depthwise: channels in blocks of 16 (the last one zero-padded)
  std::vector<int32_t> weights_;   // depthwise: [blocks][KH*KW][16]
  int patch_len_ = 0;              // regular: KH*KW*C_in rounded up to 32
  std::vector<int16_t> weights16_;  // regular: [out_c][patch_len] (zeros past the window)
  std::vector<int64_t> bias_;     // [out_c]
  RequantizeParams quant_;
};

}  // namespace edgepose::kernels::xnnpack
