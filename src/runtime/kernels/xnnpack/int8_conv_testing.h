// What the tests of the own int8 convolution kernels (int8_gemm_conv_test.cc, planar_depthwise_test.cc)
// share: they run XNNPACK's qc8 / qs8 operator on the same arrays and require identical bytes.
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/kernels/xnnpack/int8_conv_quant.h"
#include "runtime/kernels/xnnpack/xnn_adapter.h"

namespace edgepose::kernels::xnnpack::testing {

inline int ConvOutputSize(int in, int pad_before, int pad_after, int kernel, int stride, int dilation = 1) {
  return (in + pad_before + pad_after - ((kernel - 1) * dilation + 1)) / stride + 1;
}

// XNNPACK's window of a convolution: kernel, stride, dilation and the four padding sides.
struct Window {
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
};
inline ConvGeometry GeometryOf(const Window& w) {
  ConvGeometry g;
  g.kernel_h = static_cast<uint32_t>(w.kernel_h), g.kernel_w = static_cast<uint32_t>(w.kernel_w);
  g.stride_h = static_cast<uint32_t>(w.stride_h), g.stride_w = static_cast<uint32_t>(w.stride_w);
  g.dilation_h = static_cast<uint32_t>(w.dilation_h), g.dilation_w = static_cast<uint32_t>(w.dilation_w);
  g.pad_top = static_cast<uint32_t>(w.pad_top), g.pad_left = static_cast<uint32_t>(w.pad_left);
  g.pad_bottom = static_cast<uint32_t>(w.pad_bottom), g.pad_right = static_cast<uint32_t>(w.pad_right);
  return g;
}

// "in [1,9,9,8] out [1,5,5,16] k 3x3 s 2,2 d 1,1 pad 1,1,1,1" for a failure message, from a kernel's
// shape struct (the fields every own kernel's shape has) and the two padding sides it implies.
template <class Shape>
std::string DescribeWindow(const Shape& s, int in_c, int out_c, int pad_bottom, int pad_right) {
  auto text = [](int a) { return std::to_string(a); };
  return "in [" + text(s.batch) + "," + text(s.in_h) + "," + text(s.in_w) + "," + text(in_c) + "] out [" +
         text(s.batch) + "," + text(s.out_h) + "," + text(s.out_w) + "," + text(out_c) + "] k " + text(s.kernel_h) +
         "x" + text(s.kernel_w) + " s " + text(s.stride_h) + "," + text(s.stride_w) + " d " + text(s.dilation_h) +
         "," + text(s.dilation_w) + " pad " + text(s.pad_top) + "," + text(s.pad_left) + "," + text(pad_bottom) +
         "," + text(pad_right);
}

// " zp 3/-5 bounds -5..120" for a failure message.
inline std::string DescribeQuant(const Int8ConvQuant& q) {
  return " zp " + std::to_string(q.input_zero_point) + "/" + std::to_string(q.output_zero_point) + " bounds " +
         std::to_string(q.output_min) + ".." + std::to_string(q.output_max);
}

struct PoolDeleter {
  void operator()(pthreadpool_t pool) const { pthreadpool_destroy(pool); }
};
using ThreadPool = std::unique_ptr<std::remove_pointer_t<pthreadpool_t>, PoolDeleter>;

// XNNPACK's convolution (qc8 with one scale per output channel, else qs8) of `input` (with
// kReadSlackBytes after it) into `output`; failures are test failures naming `what`.
inline void RunXnnpackConv(const ConvGeometry& g, const std::vector<float>& filter_scales, bool per_channel,
                           const std::vector<int8_t>& filter, const int32_t* bias, const Int8ConvQuant& quant,
                           size_t batch, size_t in_h, size_t in_w, const std::vector<int8_t>& input,
                           std::vector<int8_t>& output, pthreadpool_t pool, const std::string& what) {
  const QuantInfo in{quant.input_zero_point, quant.input_scale}, out{quant.output_zero_point, quant.output_scale};
  auto op = per_channel ? CreateConvQc8(g, in, filter_scales.data(), filter.data(), bias, out, quant.output_min,
                                        quant.output_max)
                        : CreateConvQs8(g, in, filter_scales[0], filter.data(), bias, out, quant.output_min,
                                        quant.output_max);
  ASSERT_TRUE(op) << what << ": " << op.error().message;
  ASSERT_TRUE(SetupConv(*op, batch, in_h, in_w, input.data(), output.data(), pool)) << what;
  ASSERT_TRUE(op->Run(pool)) << what;
}

// Byte-for-byte comparison; the message names the first differing output and its channel.
inline void ExpectSameBytes(const std::vector<int8_t>& ours, const std::vector<int8_t>& xnnpack, size_t channels,
                            const std::string& what) {
  ASSERT_EQ(ours.size(), xnnpack.size()) << what;
  size_t mismatches = 0, first = 0;
  for (size_t i = 0; i < ours.size(); ++i)
    if (ours[i] != xnnpack[i] && mismatches++ == 0) first = i;
  EXPECT_EQ(mismatches, 0u) << what << ": first at " << first << " (channel " << first % channels << ") ours "
                            << int{ours[first]} << ", XNNPACK " << int{xnnpack[first]} << " (of " << ours.size()
                            << ")";
}

}  // namespace edgepose::kernels::xnnpack::testing
