// Float32 convolutions with few channels per pixel, run as whole-row multiply-adds instead of on
// XNNPACK. pose_landmark_full's segmentation head works at 256x256 with 8 channels, and XNNPACK 2022
// tiles channels 16 wide: its depthwise kernel reads a 9-pointer indirection entry per output pixel
// for 8 useful lanes, its GEMM computes 16 output channels for the head's last conv's one (measured
// 4.2 and 3.4 GMAC/s there, 40+ elsewhere; 3.6 of the model's 15 ms).
//
// Per output row and chunk of pixels (512 lanes), each filter row ky gets a window: the input pixels
// the chunk reads under it (in place, or a zero-padded copy at the image border). Then for every
// lane i (chunk pixel x channel)
//     dst[i] = clamp(init[i] + sum over the 3x3 taps (ky, kx) of window[ky][i + kx*C] * tap_weights[i])
// with each tap's C weights tiled along the chunk once at Create, so the lane loop is contiguous,
// the compiler vectorizes it for any C and the sum stays in a register (AVX2 / AVX-512 clones on
// x86). Depthwise (multiplier 1): init is the bias, dst the output row. A regular convolution with
// one or two output channels does that per output channel (its C_in weights per tap, no clamp)
// and sums each pixel's C lanes. 3x3 kernels, stride 1, dilation 1, zero padding on any side; rows
// run in parallel on the node's thread pool.
#pragma once

#include <vector>

namespace edgepose::kernels::xnnpack {

struct NarrowConvShape {
  int batch = 1, in_h = 1, in_w = 1, channels = 1;  // input; channels = C (depthwise C or C_in)
  int out_h = 1, out_w = 1, out_channels = 1;
  int kernel_h = 1, kernel_w = 1, pad_top = 0, pad_left = 0;
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  bool depthwise = false;  // multiplier 1: out_channels == channels
};

// True when this convolution takes the narrow path, i.e. where it measured faster than XNNPACK
// (narrow_conv.cc): 3x3, stride 1, dilation 1, and depthwise with C <= 24 or regular with C_in <= 16
// and one or two output channels. Depthwise ones FloatDepthwiseApplies takes run on that kernel
// instead (planar_depthwise.h), which measured faster still.
bool NarrowConvApplies(const NarrowConvShape& shape);

class NarrowConv {
 public:
  // `filter`: depthwise [KH,KW,C] (TFLite [1,KH,KW,C]); regular [C_out,KH,KW,C_in]. `bias` may be
  // null. Call only when NarrowConvApplies(shape).
  NarrowConv(const NarrowConvShape& shape, const float* filter, const float* bias, float output_min,
             float output_max);

  // NHWC input and output; `threadpool` is a pthreadpool_t or null (caller thread).
  void Run(const float* input, float* output, void* threadpool) const;

  const NarrowConvShape& shape() const { return shape_; }

 private:
  NarrowConvShape shape_;
  std::vector<float> tiled_weights_;  // [filter pass][tap][kChunkPixels * C]
  std::vector<float> tiled_bias_;     // depthwise: [kChunkPixels * C]; regular: [C_out]
  float output_min_, output_max_;
};

}  // namespace edgepose::kernels::xnnpack
