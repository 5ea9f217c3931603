#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel TransposeConvModel(const Shape& out_shape, const Shape& weights_shape, const std::vector<float>& weights,
                              const Shape& input_shape, int stride, tfl::Padding padding,
                              const std::vector<float>* bias = nullptr) {
  OneOpModel m(tfl::BuiltinOperator_TRANSPOSE_CONV, 3);
  m.AddConstant(DType::kInt32, {4}, std::vector<int32_t>(out_shape.begin(), out_shape.end()));
  m.AddConstant(DType::kFloat32, weights_shape, weights);
  m.AddInput(DType::kFloat32, input_shape);
  if (bias) m.AddConstant(DType::kFloat32, {weights_shape[0]}, *bias);
  m.AddOutput(DType::kFloat32);
  tfl::TransposeConvOptionsT options;
  options.padding = padding;
  options.stride_h = options.stride_w = stride;
  m.options().Set(options);
  return m;
}

TEST(TransposeConvTest, StrideTwoOnesKernelUpsamplesByCopy) {
  OneOpModel m = TransposeConvModel({1, 4, 4, 1}, {1, 2, 2, 1}, {1, 1, 1, 1}, {1, 2, 2, 1}, 2, tfl::Padding_VALID);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2, 3, 4});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 4, 4, 1}));
  EXPECT_EQ(*out, (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
}

TEST(TransposeConvTest, SameStrideOneOnesKernelIsABoxSumPlusBias) {
  const std::vector<float> bias = {100};
  OneOpModel m = TransposeConvModel({1, 3, 3, 1}, {1, 3, 3, 1}, std::vector<float>(9, 1.f), {1, 3, 3, 1}, 1,
                                    tfl::Padding_SAME, &bias);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{112, 121, 116, 127, 145, 133, 124, 139, 128}));
}

// TRANSPOSE_CONV is the adjoint of CONV_2D with the filter's in/out channels swapped:
// <conv(x), y> = <x, transpose_conv(y)> for every x, y.
TEST(TransposeConvTest, IsTheAdjointOfConv2D) {
  std::mt19937 rng(9);
  struct Case { int h, w, ca, cb, k, stride; tfl::Padding padding; };
  for (const Case& c : {Case{7, 6, 3, 4, 3, 2, tfl::Padding_SAME}, Case{8, 9, 2, 3, 2, 2, tfl::Padding_VALID},
                        Case{5, 5, 4, 2, 3, 1, tfl::Padding_SAME}, Case{9, 7, 1, 2, 3, 3, tfl::Padding_VALID}}) {
    const auto conv_filter = RandomValues(c.cb * c.k * c.k * c.ca, rng);  // [cb, k, k, ca]
    std::vector<float> transposed(conv_filter.size());                   // [ca, k, k, cb]
    for (int b = 0; b < c.cb; ++b)
      for (int t = 0; t < c.k * c.k; ++t)
        for (int a = 0; a < c.ca; ++a) transposed[(a * c.k * c.k + t) * c.cb + b] = conv_filter[(b * c.k * c.k + t) * c.ca + a];
    const auto x = RandomValues(c.h * c.w * c.ca, rng);
    OneOpModel conv(tfl::BuiltinOperator_CONV_2D);
    conv.AddInput(DType::kFloat32, {1, c.h, c.w, c.ca});
    conv.AddConstant(DType::kFloat32, {c.cb, c.k, c.k, c.ca}, conv_filter);
    conv.AddOutput(DType::kFloat32);
    tfl::Conv2DOptionsT options;
    options.padding = c.padding;
    options.stride_h = options.stride_w = c.stride;
    conv.options().Set(options);
    Shape conv_shape;
    auto cx = RunReference<float>(conv, &conv_shape, x);
    ASSERT_TRUE(cx) << cx.error().message;
    const auto y = RandomValues(cx->size(), rng);
    OneOpModel tconv = TransposeConvModel({1, c.h, c.w, c.ca}, {c.ca, c.k, c.k, c.cb}, transposed, conv_shape,
                                          c.stride, c.padding);
    auto ty = RunReference<float>(tconv, nullptr, y);
    ASSERT_TRUE(ty) << ty.error().message;
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < y.size(); ++i) lhs += double((*cx)[i]) * y[i];
    for (size_t i = 0; i < x.size(); ++i) rhs += double(x[i]) * (*ty)[i];
    EXPECT_NEAR(lhs, rhs, 1e-4 * (std::abs(lhs) + 1)) << c.h << "x" << c.w;
  }
}

TEST(TransposeConvTest, RejectsOutputShapeDisagreeingWithWeights) {
  OneOpModel m = TransposeConvModel({1, 4, 4, 2}, {1, 2, 2, 1}, {1, 1, 1, 1}, {1, 2, 2, 1}, 2, tfl::Padding_VALID);
  EXPECT_NE(CreateError(m).find("do not agree"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
