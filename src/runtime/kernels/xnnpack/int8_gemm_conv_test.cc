// Int8GemmConv against XNNPACK's own qc8 / qs8 convolution operators, the path it replaces: on random
// shapes (1x1 and larger kernels, strides, dilations, padding on every side, batch 2, channel counts
// off the 16-lane blocks, 1 and 2 threads) the bytes must be identical, since the int8 models' LiteRT
// parity rests on that. Also the shapes' routing: which convolutions take the GEMM.
#ifdef EDGEPOSE_WITH_XNNPACK  // the comparison needs XNNPACK's operators
#include "runtime/kernels/xnnpack/int8_gemm_conv.h"

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <memory>
#include <random>
#include <string>

#include "runtime/kernels/xnnpack/int8_conv_testing.h"

namespace edgepose::kernels::xnnpack {
namespace {

using testing::ConvOutputSize;
using testing::ThreadPool;

struct GemmCase {
  Int8GemmConvShape shape;
  int pad_bottom = 0, pad_right = 0;
  bool per_channel = true, bias = true;
  Int8ConvQuant quant;

  std::string Describe() const {
    return testing::DescribeWindow(shape, shape.in_c, shape.out_c, pad_bottom, pad_right) +
           (per_channel ? " per-channel" : " per-tensor") + testing::DescribeQuant(quant);
  }
};

GemmCase RandomCase(std::mt19937& rng, int index) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  GemmCase c;
  Int8GemmConvShape& s = c.shape;
  s.batch = pick(1, 2);
  // Whole 16-channel blocks, ragged ones, and few channels (one or two outputs: one dot per row).
  const int in_kind = pick(0, 2), out_kind = pick(0, 3);
  s.in_c = in_kind == 0 ? 16 * pick(1, 4) : in_kind == 1 ? pick(16, 90) : pick(1, 15);
  s.out_c = out_kind == 0 ? 16 * pick(1, 6) : out_kind == 1 ? pick(16, 130) : out_kind == 2 ? pick(3, 15) : pick(1, 2);
  if (index % 3 == 0) {  // pointwise: the rows are the input pixels themselves
    s.in_h = pick(1, 23), s.in_w = pick(1, 23);
  } else {
    s.kernel_h = pick(1, 3), s.kernel_w = pick(1, 3);
    s.stride_h = pick(1, 2), s.stride_w = pick(1, 2);
    s.dilation_h = pick(1, 2), s.dilation_w = pick(1, 2);
    s.pad_top = pick(0, 2), s.pad_left = pick(0, 2);
    c.pad_bottom = pick(0, 2), c.pad_right = pick(0, 2);
    s.in_h = std::max(pick(1, 14), (s.kernel_h - 1) * s.dilation_h + 1);
    s.in_w = std::max(pick(1, 14), (s.kernel_w - 1) * s.dilation_w + 1);
  }
  s.out_h = ConvOutputSize(s.in_h, s.pad_top, c.pad_bottom, s.kernel_h, s.stride_h, s.dilation_h);
  s.out_w = ConvOutputSize(s.in_w, s.pad_left, c.pad_right, s.kernel_w, s.stride_w, s.dilation_w);
  c.per_channel = pick(0, 3) != 0;
  c.bias = pick(0, 4) != 0;
  c.quant.input_scale = std::uniform_real_distribution<float>(0.005f, 0.05f)(rng);
  c.quant.input_zero_point = pick(-128, 127);
  c.quant.output_zero_point = pick(-128, 127);
  // Bounds as a fused activation leaves them: none, or a RELU6-like window around the zero point.
  if (pick(0, 1) == 1) {
    c.quant.output_min = static_cast<int8_t>(std::max(-128, c.quant.output_zero_point));
    c.quant.output_max = static_cast<int8_t>(std::min(127, c.quant.output_zero_point + pick(1, 200)));
  }
  return c;
}

// Runs one case through both implementations and compares bytes.
void ExpectSameAsXnnpack(const GemmCase& c, std::mt19937& rng, pthreadpool_t pool) {
  const Int8GemmConvShape& s = c.shape;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const size_t taps = static_cast<size_t>(s.kernel_h * s.kernel_w * s.in_c);
  std::vector<int8_t> input(static_cast<size_t>(s.batch * s.in_h * s.in_w * s.in_c) + kReadSlackBytes);
  for (int8_t& v : input) v = static_cast<int8_t>(pick(-128, 127));
  std::vector<int8_t> filter(taps * static_cast<size_t>(s.out_c));
  for (int8_t& v : filter) v = static_cast<int8_t>(pick(-127, 127));
  std::vector<float> filter_scales(c.per_channel ? static_cast<size_t>(s.out_c) : 1);
  for (float& v : filter_scales) v = std::uniform_real_distribution<float>(0.001f, 0.02f)(rng);
  // Biases up to +-2^22 and full-range weights and inputs: accumulators beyond float's 24-bit
  // mantissa, where the int32 -> float conversion rounds.
  std::vector<int32_t> bias(static_cast<size_t>(s.out_c));
  for (int32_t& v : bias) v = pick(-(1 << 22), 1 << 22);
  // An output scale that spreads the typical accumulator over the int8 range and saturates the tails.
  Int8ConvQuant quant = c.quant;
  quant.output_scale = quant.input_scale * filter_scales[0] * 60.f * std::sqrt(static_cast<float>(taps)) / 4.f;

  Int8GemmConv gemm(s, filter.data(), filter_scales.data(), static_cast<int>(filter_scales.size()),
                    c.bias ? bias.data() : nullptr, quant);
  const size_t outputs = static_cast<size_t>(s.batch * s.out_h * s.out_w * s.out_c);
  std::vector<int8_t> ours(outputs, 0), theirs(outputs, 0);
  // Ours gets the input without XNNPACK's read slack, so AddressSanitizer sees any read past it.
  const std::vector<int8_t> exact(input.begin(), input.end() - static_cast<ptrdiff_t>(kReadSlackBytes));
  gemm.Run(exact.data(), ours.data(), pool);

  ConvGeometry g = testing::GeometryOf({s.kernel_h, s.kernel_w, s.stride_h, s.stride_w, s.dilation_h, s.dilation_w,
                                        s.pad_top, s.pad_left, c.pad_bottom, c.pad_right});
  g.group_input_channels = static_cast<size_t>(s.in_c), g.group_output_channels = static_cast<size_t>(s.out_c);
  testing::RunXnnpackConv(g, filter_scales, c.per_channel, filter, c.bias ? bias.data() : nullptr, quant,
                          static_cast<size_t>(s.batch), static_cast<size_t>(s.in_h), static_cast<size_t>(s.in_w), input,
                          theirs, pool, c.Describe());
  testing::ExpectSameBytes(ours, theirs, static_cast<size_t>(s.out_c), c.Describe());
}

TEST(Int8GemmConvTest, BitExactWithXnnpackOnRandomShapes) {
  if (!Int8GemmConvAvailable()) GTEST_SKIP() << "this CPU has no AVX512-VNNI: convolutions stay on XNNPACK";
  ASSERT_TRUE(Initialize());
  ThreadPool two_threads(pthreadpool_create(2));
  std::mt19937 rng(2026);
  for (int i = 0; i < 90; ++i) {
    const GemmCase c = RandomCase(rng, i);
    ASSERT_TRUE(Int8GemmConvApplies(c.shape)) << c.Describe();
    ExpectSameAsXnnpack(c, rng, i % 2 ? two_threads.get() : nullptr);
    if (::testing::Test::HasFailure()) return;  // one clear failure, not dozens
  }
}

// Many rows (tiles of 64 and a ragged last one), few rows with many channels (the split of the
// channels between threads) and one output channel, as in the pose models' 128x128, 7x7 and
// segmentation-head layers.
TEST(Int8GemmConvTest, BitExactWithXnnpackOnPoseShapes) {
  if (!Int8GemmConvAvailable()) GTEST_SKIP() << "this CPU has no AVX512-VNNI: convolutions stay on XNNPACK";
  ASSERT_TRUE(Initialize());
  ThreadPool two_threads(pthreadpool_create(2));
  std::mt19937 rng(93);
  const int shapes[][3] = {{67, 16, 64}, {7, 192, 1152}, {7, 1152, 192}, {2, 288, 288}, {15, 24, 144}, {70, 8, 1}};
  for (const auto& [size, in_c, out_c] : shapes) {
    for (pthreadpool_t pool : {static_cast<pthreadpool_t>(nullptr), two_threads.get()}) {
      GemmCase c;
      c.shape.in_h = c.shape.in_w = c.shape.out_h = c.shape.out_w = size;
      c.shape.in_c = in_c, c.shape.out_c = out_c;
      c.quant.input_zero_point = -128, c.quant.output_zero_point = -128, c.quant.output_min = -128;
      ExpectSameAsXnnpack(c, rng, pool);
    }
  }
}

TEST(Int8GemmConvTest, TakesEveryConvolutionWhoseRowFitsItsTile) {
  Int8GemmConvShape head;  // pose_landmark_full's 256x256 segmentation head: 3x3, 8 -> 1
  head.in_h = head.in_w = head.out_h = head.out_w = 256;
  head.in_c = 8, head.out_c = 1, head.kernel_h = head.kernel_w = 3, head.pad_top = head.pad_left = 1;
  EXPECT_EQ(Int8GemmConvApplies(head), Int8GemmConvAvailable());
  Int8GemmConvShape wide = head;  // 3x3 x 2048 channels: 18432 bytes per row
  wide.in_c = 2048;
  EXPECT_FALSE(Int8GemmConvApplies(wide));
}

}  // namespace
}  // namespace edgepose::kernels::xnnpack
#endif  // EDGEPOSE_WITH_XNNPACK
