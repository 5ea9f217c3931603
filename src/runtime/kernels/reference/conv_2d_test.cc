#include <gtest/gtest.h>

#include <cmath>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

struct ConvCase {
  int batch, in_h, in_w, in_c, out_c, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w, groups;
  tfl::Padding padding;
  bool bias;
  tfl::ActivationFunctionType activation;
};

OneOpModel ConvModel(const ConvCase& c, const std::vector<float>& filter, const std::vector<float>& bias) {
  OneOpModel m(tfl::BuiltinOperator_CONV_2D, 3);
  m.AddInput(DType::kFloat32, {c.batch, c.in_h, c.in_w, c.in_c});
  m.AddConstant(DType::kFloat32, {c.out_c, c.kernel_h, c.kernel_w, c.in_c / c.groups}, filter);
  if (c.bias) m.AddConstant(DType::kFloat32, {c.out_c}, bias);
  else m.SkipInput();
  m.AddOutput(DType::kFloat32);
  tfl::Conv2DOptionsT options;
  options.padding = c.padding;
  options.stride_h = c.stride_h;
  options.stride_w = c.stride_w;
  options.dilation_h_factor = c.dilation_h;
  options.dilation_w_factor = c.dilation_w;
  options.fused_activation_function = c.activation;
  m.options().Set(options);
  return m;
}

// Independent formulation: im2col (one zero-padded patch row per output pixel and group), then a
// matrix product with the [out_c, patch] weight matrix, in double.
std::vector<float> Im2ColConv(const ConvCase& c, const std::vector<float>& input, const std::vector<float>& filter,
                              const std::vector<float>& bias, int* out_h, int* out_w) {
  const int eff_h = (c.kernel_h - 1) * c.dilation_h + 1, eff_w = (c.kernel_w - 1) * c.dilation_w + 1;
  int pad_top = 0, pad_left = 0;
  if (c.padding == tfl::Padding_SAME) {
    *out_h = (c.in_h + c.stride_h - 1) / c.stride_h;
    *out_w = (c.in_w + c.stride_w - 1) / c.stride_w;
    pad_top = std::max((*out_h - 1) * c.stride_h + eff_h - c.in_h, 0) / 2;
    pad_left = std::max((*out_w - 1) * c.stride_w + eff_w - c.in_w, 0) / 2;
  } else {
    *out_h = (c.in_h - eff_h) / c.stride_h + 1;
    *out_w = (c.in_w - eff_w) / c.stride_w + 1;
  }
  const int group_c = c.in_c / c.groups, patch = c.kernel_h * c.kernel_w * group_c, per_group = c.out_c / c.groups;
  std::vector<float> out;
  std::vector<double> column(patch);
  for (int b = 0; b < c.batch; ++b)
    for (int oy = 0; oy < *out_h; ++oy)
      for (int ox = 0; ox < *out_w; ++ox)
        for (int o = 0; o < c.out_c; ++o) {
          const int g = o / per_group;
          int k = 0;
          for (int ky = 0; ky < c.kernel_h; ++ky)
            for (int kx = 0; kx < c.kernel_w; ++kx)
              for (int ci = 0; ci < group_c; ++ci, ++k) {
                const int y = oy * c.stride_h - pad_top + ky * c.dilation_h;
                const int x = ox * c.stride_w - pad_left + kx * c.dilation_w;
                const bool inside = y >= 0 && y < c.in_h && x >= 0 && x < c.in_w;
                column[k] = inside ? input[((b * c.in_h + y) * c.in_w + x) * c.in_c + g * group_c + ci] : 0.0;
              }
          double sum = c.bias ? bias[o] : 0.0;
          for (int i = 0; i < patch; ++i) sum += column[i] * filter[o * patch + i];
          if (c.activation == tfl::ActivationFunctionType_RELU) sum = std::max(sum, 0.0);
          if (c.activation == tfl::ActivationFunctionType_RELU6) sum = std::min(std::max(sum, 0.0), 6.0);
          if (c.activation == tfl::ActivationFunctionType_RELU_N1_TO_1) sum = std::min(std::max(sum, -1.0), 1.0);
          out.push_back(static_cast<float>(sum));
        }
  return out;
}

TEST(Conv2DTest, OneByOneIdentityFilterCopiesInput) {
  const std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  // [1,2,2,3]
  const std::vector<float> identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  ConvCase c{1, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, tfl::Padding_VALID, false, tfl::ActivationFunctionType_NONE};
  OneOpModel m = ConvModel(c, identity, {});
  Shape shape;
  auto out = RunReference<float>(m, &shape, input);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 3}));
  EXPECT_EQ(*out, input);
}

TEST(Conv2DTest, HandComputedSameStrideTwoWithBiasAndRelu) {
  // 3x3 single-channel input, 2x2 all-ones filter, stride 2, SAME: output 2x2, padding 0 before and
  // 1 after, so each output sums the window that stays inside. Bias -10 then RELU.
  const std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  ConvCase c{1, 3, 3, 1, 1, 2, 2, 2, 2, 1, 1, 1, tfl::Padding_SAME, true, tfl::ActivationFunctionType_RELU};
  OneOpModel m = ConvModel(c, {1, 1, 1, 1}, {-10});
  Shape shape;
  auto out = RunReference<float>(m, &shape, input);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 1}));
  // windows: {1,2,4,5}=12, {3,6}=9, {7,8}=15, {9}=9 -> minus 10, relu
  EXPECT_EQ(*out, (std::vector<float>{2, 0, 5, 0}));
}

TEST(Conv2DTest, MatchesIm2ColOnRandomShapesAndOptions) {
  std::mt19937 rng(7);
  const std::vector<ConvCase> cases = {
      {1, 7, 5, 3, 4, 3, 3, 1, 1, 1, 1, 1, tfl::Padding_SAME, true, tfl::ActivationFunctionType_NONE},
      {2, 9, 8, 2, 5, 3, 2, 2, 3, 1, 1, 1, tfl::Padding_SAME, false, tfl::ActivationFunctionType_RELU},
      {1, 11, 10, 4, 3, 3, 3, 1, 2, 2, 3, 1, tfl::Padding_VALID, true, tfl::ActivationFunctionType_RELU6},
      {1, 6, 7, 6, 4, 2, 3, 2, 1, 2, 1, 2, tfl::Padding_SAME, true, tfl::ActivationFunctionType_RELU_N1_TO_1},
      {1, 5, 5, 8, 8, 1, 1, 1, 1, 1, 1, 4, tfl::Padding_VALID, true, tfl::ActivationFunctionType_NONE},
      {1, 13, 3, 1, 2, 5, 1, 3, 1, 1, 1, 1, tfl::Padding_VALID, false, tfl::ActivationFunctionType_NONE},
  };
  for (const ConvCase& c : cases) {
    const auto input = RandomValues(c.batch * c.in_h * c.in_w * c.in_c, rng);
    const auto filter = RandomValues(c.out_c * c.kernel_h * c.kernel_w * (c.in_c / c.groups), rng);
    const auto bias = RandomValues(c.out_c, rng);
    OneOpModel m = ConvModel(c, filter, bias);
    Shape shape;
    auto out = RunReference<float>(m, &shape, input);
    ASSERT_TRUE(out) << out.error().message;
    int out_h = 0, out_w = 0;
    const auto expected = Im2ColConv(c, input, filter, bias, &out_h, &out_w);
    ASSERT_EQ(shape, (Shape{c.batch, out_h, out_w, c.out_c}));
    ASSERT_EQ(out->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) ASSERT_NEAR((*out)[i], expected[i], 1e-5) << "element " << i;
  }
}

TEST(Conv2DTest, RejectsFilterDepthThatDoesNotDivideInput) {
  OneOpModel m(tfl::BuiltinOperator_CONV_2D);
  m.AddInput(DType::kFloat32, {1, 4, 4, 3});
  m.AddConstant(DType::kFloat32, {2, 1, 1, 2}, std::vector<float>(4, 1.f));
  m.AddOutput(DType::kFloat32);
  tfl::Conv2DOptionsT options;
  options.stride_h = options.stride_w = 1;
  m.options().Set(options);
  EXPECT_NE(CreateError(m).find("node 0 (CONV_2D): filter input depth 2 does not divide input depth 3"),
            std::string::npos)
      << CreateError(m);
}

TEST(Conv2DTest, RejectsMissingStrides) {
  OneOpModel m(tfl::BuiltinOperator_CONV_2D);
  m.AddInput(DType::kFloat32, {1, 4, 4, 1});
  m.AddConstant(DType::kFloat32, {1, 1, 1, 1}, std::vector<float>{1.f});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("strides and dilations must be at least 1"), std::string::npos) << CreateError(m);
}

// Int8 per-channel: every output must be within one step of the exactly rounded real-valued
// requantization of the integer accumulator.
TEST(Conv2DTest, Int8PerChannelWithinOneStepOfExactRequantization) {
  std::mt19937 rng(11);
  const int in_c = 3, out_c = 4, k = 3, h = 6, w = 5;
  const auto input = RandomValues<int8_t>(h * w * in_c, rng, -128, 127);
  const auto filter = RandomValues<int8_t>(out_c * k * k * in_c, rng, -127, 127);
  const auto bias = RandomValues<int32_t>(out_c, rng, -2000, 2000);
  const float in_scale = 0.02f, out_scale = 0.15f;
  const int in_zp = 5, out_zp = -7;
  const std::vector<float> filter_scales = {0.01f, 0.003f, 0.02f, 0.007f};
  OneOpModel m(tfl::BuiltinOperator_CONV_2D, 3);
  m.AddInput(DType::kInt8, {1, h, w, in_c}, {{in_scale}, {in_zp}});
  m.AddConstant(DType::kInt8, {out_c, k, k, in_c}, filter, {filter_scales, {0, 0, 0, 0}, 0});
  std::vector<float> bias_scales;
  for (float s : filter_scales) bias_scales.push_back(s * in_scale);
  m.AddConstant(DType::kInt32, {out_c}, bias, {bias_scales, {0, 0, 0, 0}, 0});
  m.AddOutput(DType::kInt8, {}, {{out_scale}, {out_zp}});
  tfl::Conv2DOptionsT options;
  options.padding = tfl::Padding_SAME;
  options.stride_h = options.stride_w = 1;
  m.options().Set(options);
  auto out = RunReference<int8_t>(m, nullptr, input);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), static_cast<size_t>(h * w * out_c));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int o = 0; o < out_c; ++o) {
        int64_t acc = bias[o];
        for (int ky = 0; ky < k; ++ky)
          for (int kx = 0; kx < k; ++kx) {
            const int iy = y - 1 + ky, ix = x - 1 + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            for (int c = 0; c < in_c; ++c)
              acc += (input[(iy * w + ix) * in_c + c] - in_zp) * filter[((o * k + ky) * k + kx) * in_c + c];
          }
        const double real = acc * (double(in_scale) * filter_scales[o] / out_scale);
        const double expected = std::clamp(std::round(real) + out_zp, -128.0, 127.0);
        ASSERT_NEAR((*out)[(y * w + x) * out_c + o], expected, 1.0) << y << "," << x << "," << o;
      }
}

}  // namespace
}  // namespace edgepose::testing
