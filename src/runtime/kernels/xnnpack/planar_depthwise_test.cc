// Int8DepthwiseConv against XNNPACK's own qc8 / qs8 depthwise operators, the path it replaces: the
// bytes must be identical (the int8 models' LiteRT parity rests on that), on random shapes (3x3 and
// 5x5, strides 1 and 2, padding on every side, batch 2, channel counts off the 16-lane chunks, 1 and
// 2 threads) and on accumulators large enough that float rounding and the int32 bias path matter.
// Also which shapes take the kernel.
#ifdef EDGEPOSE_WITH_XNNPACK  // the comparison needs XNNPACK's operators
#include "runtime/kernels/xnnpack/planar_depthwise.h"

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>

#include "runtime/kernels/xnnpack/int8_conv_testing.h"

namespace edgepose::kernels::xnnpack {
namespace {

using testing::ConvOutputSize;
using testing::ThreadPool;

struct DepthwiseCase {
  PlanarDepthwiseShape shape;
  int pad_bottom = 0, pad_right = 0;
  bool per_channel = true, bias = true;
  Int8ConvQuant quant;
  int weight_min = -127, weight_max = 127;    // filter values drawn from this range
  int32_t bias_min = -3000, bias_max = 3000;  // and biases from this one
  float output_spread = 2.f;  // output scale: the largest channel's typical accumulator over 60 * spread / 4 steps

  std::string Describe() const {
    return testing::DescribeWindow(shape, shape.channels, shape.channels, pad_bottom, pad_right) +
           (per_channel ? " per-channel" : " per-tensor") + testing::DescribeQuant(quant) + " bias " +
           std::to_string(bias_min) + ".." + std::to_string(bias_max);
  }
};

constexpr int kChannels[] = {8, 16, 24, 144, 13, 1, 40, 17};

DepthwiseCase RandomCase(std::mt19937& rng, int index) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  DepthwiseCase c;
  PlanarDepthwiseShape& s = c.shape;
  s.batch = pick(1, 2);
  s.channels = index % 3 == 0 ? pick(1, 70) : kChannels[index % std::size(kChannels)];
  s.kernel_h = s.kernel_w = pick(0, 1) ? 3 : 5;
  s.stride_h = s.stride_w = pick(1, 2);
  // Any padding up to a whole kernel less one on each side: SAME, VALID, and the absorbed PADs.
  s.pad_top = pick(0, s.kernel_h - 1), s.pad_left = pick(0, s.kernel_w - 1);
  c.pad_bottom = pick(0, s.kernel_h - 1), c.pad_right = pick(0, s.kernel_w - 1);
  s.in_h = pick(s.kernel_h, 24), s.in_w = index % 5 == 0 ? pick(1, 4) : pick(8, 40);  // also rows of 1-4 pixels
  s.out_h = ConvOutputSize(s.in_h, s.pad_top, c.pad_bottom, s.kernel_h, s.stride_h);
  s.out_w = ConvOutputSize(s.in_w, s.pad_left, c.pad_right, s.kernel_w, s.stride_w);
  c.per_channel = pick(0, 3) != 0;
  c.bias = pick(0, 4) != 0;
  c.quant.input_scale = std::uniform_real_distribution<float>(0.005f, 0.05f)(rng);
  c.quant.input_zero_point = pick(-128, 127);
  c.quant.output_zero_point = pick(-128, 127);
  // Bounds as a fused activation leaves them: none, or a RELU6-like window from the zero point.
  if (pick(0, 1) == 1) {
    c.quant.output_zero_point = pick(-128, 60);  // RELU6 leaves room above its zero point
    c.quant.output_min = static_cast<int8_t>(std::max(-128, c.quant.output_zero_point));
    c.quant.output_max = static_cast<int8_t>(std::min(127, c.quant.output_zero_point + pick(40, 200)));
  }
  return c;
}

// What the cases of a test compared: outputs inside the activation bounds are the ones that test
// the arithmetic (saturated ones agree easily).
struct Compared {
  int cases = 0;
  size_t outputs = 0, inside = 0;
};

// Runs one case through both implementations (threads on `pool`) and compares bytes; skipped (not
// counted) when the shape does not take the kernel.
void ExpectSameAsXnnpack(const DepthwiseCase& c, std::mt19937& rng, pthreadpool_t pool, Compared& compared) {
  const PlanarDepthwiseShape& s = c.shape;
  if (!Int8DepthwiseApplies(s, c.per_channel)) return;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const size_t channels = static_cast<size_t>(s.channels);
  std::vector<int8_t> input(static_cast<size_t>(s.batch) * s.in_h * s.in_w * channels + kReadSlackBytes);
  for (int8_t& v : input) v = static_cast<int8_t>(pick(-128, 127));
  std::vector<int8_t> filter(static_cast<size_t>(s.kernel_h) * s.kernel_w * channels);
  for (int8_t& v : filter) v = static_cast<int8_t>(pick(c.weight_min, c.weight_max));
  std::vector<float> filter_scales(c.per_channel ? channels : 1);
  for (float& v : filter_scales) v = std::uniform_real_distribution<float>(0.001f, 0.02f)(rng);
  std::vector<int32_t> bias(channels);
  for (int32_t& v : bias) v = std::uniform_int_distribution<int32_t>(c.bias_min, c.bias_max)(rng);
  Int8ConvQuant quant = c.quant;
  const float taps = static_cast<float>(s.kernel_h * s.kernel_w);
  const float max_scale = *std::max_element(filter_scales.begin(), filter_scales.end());
  quant.output_scale = quant.input_scale * max_scale * 60.f * std::sqrt(taps) * c.output_spread / 4.f;

  const int32_t* bias_data = c.bias ? bias.data() : nullptr;
  Int8DepthwiseConv conv(s, filter.data(), filter_scales.data(), static_cast<int>(filter_scales.size()), bias_data,
                         quant);
  const size_t outputs = static_cast<size_t>(s.batch) * s.out_h * s.out_w * channels;
  std::vector<int8_t> ours(outputs, 0), theirs(outputs, 0);
  // Ours gets the input without XNNPACK's read slack, so AddressSanitizer sees any read past it.
  const std::vector<int8_t> exact(input.begin(), input.end() - static_cast<ptrdiff_t>(kReadSlackBytes));
  conv.Run(exact.data(), ours.data(), pool);

  ConvGeometry g = testing::GeometryOf({s.kernel_h, s.kernel_w, s.stride_h, s.stride_w, 1, 1, s.pad_top, s.pad_left,
                                        c.pad_bottom, c.pad_right});
  g.groups = static_cast<uint32_t>(s.channels);
  g.depthwise_layout = true;
  testing::RunXnnpackConv(g, filter_scales, c.per_channel, filter, bias_data, quant, static_cast<size_t>(s.batch),
                          static_cast<size_t>(s.in_h), static_cast<size_t>(s.in_w), input, theirs, pool, c.Describe());
  testing::ExpectSameBytes(ours, theirs, channels, c.Describe());
  ++compared.cases;
  compared.outputs += outputs;
  for (int8_t v : theirs) compared.inside += v > quant.output_min && v < quant.output_max;
}

TEST(Int8DepthwiseConvTest, BitExactWithXnnpackOnRandomShapes) {
  ASSERT_TRUE(Initialize());
  ThreadPool two(pthreadpool_create(2));
  std::mt19937 rng(97);
  Compared compared;
  for (int i = 0; i < 160; ++i) {
    const DepthwiseCase c = RandomCase(rng, i);
    ExpectSameAsXnnpack(c, rng, i % 2 ? two.get() : nullptr, compared);
    if (::testing::Test::HasFailure()) return;  // one clear failure, not hundreds
  }
  EXPECT_GT(compared.cases, 80);  // most random shapes take the kernel (per-tensor ones not on Arm)
  EXPECT_GT(compared.inside, compared.outputs / 3);
}

// Accumulators far beyond the float mantissa: full-range weights (-128 too), zero points at the ends
// of the range (|x - zp| up to 255), 25 taps, biases near +-2^30 (added as int32) or just around the
// float-bias limit 2^24 - 2^20, and output scales from saturating to fine enough that the
// int32 -> float conversion and the half-to-even rounding decide the result.
TEST(Int8DepthwiseConvTest, BitExactWithXnnpackOnHugeAccumulators) {
  ASSERT_TRUE(Initialize());
  std::mt19937 rng(101);
  const int32_t kFloatBiasLimit = (1 << 24) - (1 << 20);
  const int32_t bias_ranges[][2] = {{-(1 << 30), 1 << 30},
                                    {kFloatBiasLimit - 2000, kFloatBiasLimit + 2000},
                                    {-kFloatBiasLimit - 2000, -kFloatBiasLimit + 2000},
                                    {-(1 << 20), 1 << 20}};
  Compared compared;
  for (int i = 0; i < 48; ++i) {
    DepthwiseCase c = RandomCase(rng, i);
    c.shape.kernel_h = c.shape.kernel_w = 5;
    c.shape.stride_h = c.shape.stride_w = 1;
    c.shape.in_h = std::max(c.shape.in_h, 5), c.shape.in_w = std::max(c.shape.in_w, 5);
    c.shape.pad_top = c.shape.pad_left = c.pad_bottom = c.pad_right = 2;
    c.shape.out_h = c.shape.in_h, c.shape.out_w = c.shape.in_w;
    c.quant.input_zero_point = i % 2 ? -128 : 127;
    c.quant.output_min = -128, c.quant.output_max = 127;
    c.weight_min = -128, c.weight_max = 127;
    c.bias = true;
    c.bias_min = bias_ranges[i % 4][0], c.bias_max = bias_ranges[i % 4][1];
    // Output steps such that the largest bias lands near 100 of them: the taps then move the output
    // by fractions of a step, so the conversion and rounding of the huge sum decide it.
    c.output_spread = static_cast<float>(std::max(std::abs(c.bias_min), std::abs(c.bias_max))) / 7500.f;
    c.quant.output_zero_point = 0;
    ExpectSameAsXnnpack(c, rng, nullptr, compared);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(compared.cases, 30);
  EXPECT_GT(compared.inside, compared.outputs / 3);
}

TEST(Int8DepthwiseConvTest, PoseShapesTakeTheKernel) {
  auto shape = [](int size, int c, int k, int s) {
    PlanarDepthwiseShape shape;
    shape.in_h = shape.in_w = size, shape.channels = c, shape.kernel_h = shape.kernel_w = k;
    shape.stride_h = shape.stride_w = s, shape.pad_top = shape.pad_left = k / 2;
    shape.out_h = shape.out_w = (size + 2 * (k / 2) - k) / s + 1;
    return shape;
  };
  for (const auto& s : {shape(256, 8, 3, 1), shape(128, 24, 3, 1), shape(128, 64, 3, 2), shape(64, 144, 5, 2),
                        shape(16, 528, 5, 1), shape(7, 1152, 5, 1), shape(14, 288, 3, 2), shape(4, 288, 3, 1)})
    EXPECT_TRUE(Int8DepthwiseApplies(s, /*per_channel_filter=*/true)) << s.in_h << "x" << s.channels;
  auto dilated = shape(32, 32, 3, 1);
  dilated.dilation_w = 2;
  auto wide = shape(32, 32, 7, 1);
  auto strided = shape(32, 32, 3, 3);
  auto oblong = shape(32, 32, 3, 1);
  oblong.kernel_w = 5;
  auto uneven = shape(32, 32, 3, 1);
  uneven.stride_w = 2;
  // Outputs too small to pay for the set-up (measured slower than XNNPACK).
  for (const auto& s : {dilated, wide, strided, oblong, uneven, shape(2, 288, 3, 1), shape(4, 288, 3, 2),
                        shape(8, 288, 3, 2)})
    EXPECT_FALSE(Int8DepthwiseApplies(s, true)) << s.in_h << "x" << s.channels << " k " << s.kernel_w;
#if defined(__x86_64__) || defined(__i386__)
  EXPECT_TRUE(Int8DepthwiseApplies(shape(64, 144, 3, 1), /*per_channel_filter=*/false));
#else  // XNNPACK 2022 requantizes per-tensor depthwise with fixed-point "rndnu" on Arm
  EXPECT_FALSE(Int8DepthwiseApplies(shape(64, 144, 3, 1), /*per_channel_filter=*/false));
#endif
}

}  // namespace
}  // namespace edgepose::kernels::xnnpack
#endif  // EDGEPOSE_WITH_XNNPACK
