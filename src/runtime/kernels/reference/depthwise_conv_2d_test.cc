#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

struct DepthwiseCase {
  int in_h, in_w, in_c, multiplier, kernel_h, kernel_w, stride, dilation;
  tfl::Padding padding;
  int option_multiplier;  // what the file says; 0 = absent/stale
};

OneOpModel DepthwiseModel(const DepthwiseCase& c, const std::vector<float>& filter, const std::vector<float>& bias) {
  OneOpModel m(tfl::BuiltinOperator_DEPTHWISE_CONV_2D, 2);
  m.AddInput(DType::kFloat32, {1, c.in_h, c.in_w, c.in_c});
  m.AddConstant(DType::kFloat32, {1, c.kernel_h, c.kernel_w, c.in_c * c.multiplier}, filter);
  m.AddConstant(DType::kFloat32, {c.in_c * c.multiplier}, bias);
  m.AddOutput(DType::kFloat32);
  tfl::DepthwiseConv2DOptionsT options;
  options.padding = c.padding;
  options.stride_h = options.stride_w = c.stride;
  options.dilation_h_factor = options.dilation_w_factor = c.dilation;
  options.depth_multiplier = c.option_multiplier;
  m.options().Set(options);
  return m;
}

TEST(DepthwiseConv2DTest, HandComputedMultiplierTwo) {
  // One input channel, multiplier 2, 2x2 input, 1x1 filter {2, -1}, bias {0, 1}:
  // output channel 0 = 2*x, channel 1 = 1 - x.
  DepthwiseCase c{2, 2, 1, 2, 1, 1, 1, 1, tfl::Padding_VALID, 2};
  OneOpModel m = DepthwiseModel(c, {2, -1}, {0, 1});
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2, 3, 4});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 2}));
  EXPECT_EQ(*out, (std::vector<float>{2, 0, 4, -1, 6, -2, 8, -3}));
}

// Independent formulation: per output channel, a 2-D correlation of its input channel plane.
TEST(DepthwiseConv2DTest, MatchesPerChannelPlaneCorrelation) {
  std::mt19937 rng(3);
  const std::vector<DepthwiseCase> cases = {
      {7, 6, 3, 1, 3, 3, 1, 1, tfl::Padding_SAME, 1},  {9, 8, 2, 3, 3, 3, 2, 1, tfl::Padding_SAME, 0},
      {10, 9, 4, 1, 3, 3, 1, 2, tfl::Padding_VALID, 7}, {5, 7, 1, 4, 5, 5, 2, 1, tfl::Padding_SAME, 4},
      {8, 8, 5, 2, 2, 3, 3, 1, tfl::Padding_VALID, 2},
  };
  for (const DepthwiseCase& c : cases) {
    const int out_c = c.in_c * c.multiplier;
    const auto input = RandomValues(c.in_h * c.in_w * c.in_c, rng);
    const auto filter = RandomValues(c.kernel_h * c.kernel_w * out_c, rng);
    const auto bias = RandomValues(out_c, rng);
    OneOpModel m = DepthwiseModel(c, filter, bias);
    Shape shape;
    auto out = RunReference<float>(m, &shape, input);
    ASSERT_TRUE(out) << out.error().message;
    const int eff_h = (c.kernel_h - 1) * c.dilation + 1, eff_w = (c.kernel_w - 1) * c.dilation + 1;
    int out_h, out_w, top = 0, left = 0;
    if (c.padding == tfl::Padding_SAME) {
      out_h = (c.in_h + c.stride - 1) / c.stride;
      out_w = (c.in_w + c.stride - 1) / c.stride;
      top = std::max((out_h - 1) * c.stride + eff_h - c.in_h, 0) / 2;
      left = std::max((out_w - 1) * c.stride + eff_w - c.in_w, 0) / 2;
    } else {
      out_h = (c.in_h - eff_h) / c.stride + 1;
      out_w = (c.in_w - eff_w) / c.stride + 1;
    }
    ASSERT_EQ(shape, (Shape{1, out_h, out_w, out_c}));
    for (int o = 0; o < out_c; ++o) {
      const int plane = o / c.multiplier;
      for (int y = 0; y < out_h; ++y)
        for (int x = 0; x < out_w; ++x) {
          double sum = bias[o];
          for (int ky = 0; ky < c.kernel_h; ++ky)
            for (int kx = 0; kx < c.kernel_w; ++kx) {
              const int iy = y * c.stride - top + ky * c.dilation, ix = x * c.stride - left + kx * c.dilation;
              if (iy >= 0 && iy < c.in_h && ix >= 0 && ix < c.in_w)
                sum += input[(iy * c.in_w + ix) * c.in_c + plane] * filter[(ky * c.kernel_w + kx) * out_c + o];
            }
          ASSERT_NEAR((*out)[(y * out_w + x) * out_c + o], sum, 1e-5);
        }
    }
  }
}

TEST(DepthwiseConv2DTest, RejectsFilterDepthNotMultipleOfInput) {
  OneOpModel m(tfl::BuiltinOperator_DEPTHWISE_CONV_2D);
  m.AddInput(DType::kFloat32, {1, 3, 3, 2});
  m.AddConstant(DType::kFloat32, {1, 1, 1, 3}, std::vector<float>(3, 1.f));
  m.AddOutput(DType::kFloat32);
  tfl::DepthwiseConv2DOptionsT options;
  options.stride_h = options.stride_w = 1;
  m.options().Set(options);
  EXPECT_NE(CreateError(m).find("filter depth 3 is not a multiple of input depth 2"), std::string::npos)
      << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
