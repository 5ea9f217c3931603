// Output size and padding exactly as TFLite computes them (tensorflow/lite/kernels/padding.h).
#pragma once

#include <algorithm>

#include "edgepose/tflite_schema_generated.h"

namespace edgepose::kernels {

inline int EffectiveFilterSize(int filter, int dilation) { return (filter - 1) * dilation + 1; }

inline int ComputeOutputSize(tfl::Padding padding, int in, int filter, int stride, int dilation = 1) {
  const int effective = EffectiveFilterSize(filter, dilation);
  if (padding == tfl::Padding_SAME) return (in + stride - 1) / stride;
  return (in - effective + stride) / stride;
}

// Padding before the first element; TFLite puts the odd extra pixel after.
inline int ComputePaddingBefore(int in, int filter, int stride, int dilation, int out) {
  const int effective = EffectiveFilterSize(filter, dilation);
  const int total = std::max((out - 1) * stride + effective - in, 0);
  return total / 2;
}

struct Padding2D {
  int top = 0, left = 0;
  int out_h = 0, out_w = 0;
};

inline Padding2D ComputePadding2D(tfl::Padding padding, int in_h, int in_w, int filter_h, int filter_w,
                                  int stride_h, int stride_w, int dilation_h = 1, int dilation_w = 1) {
  Padding2D result;
  result.out_h = ComputeOutputSize(padding, in_h, filter_h, stride_h, dilation_h);
  result.out_w = ComputeOutputSize(padding, in_w, filter_w, stride_w, dilation_w);
  if (padding == tfl::Padding_SAME) {
    result.top = ComputePaddingBefore(in_h, filter_h, stride_h, dilation_h, result.out_h);
    result.left = ComputePaddingBefore(in_w, filter_w, stride_w, dilation_w, result.out_w);
  }
  return result;
}

}  // namespace edgepose::kernels
