#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel PoolModel(tfl::BuiltinOperator op, DType type, const Shape& shape, int filter, int stride,
                     tfl::Padding padding, tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE,
                     const QuantParams& quant = {}) {
  OneOpModel m(op, 2);
  m.AddInput(type, shape, quant);
  m.AddOutput(type, {}, quant);
  tfl::Pool2DOptionsT options;
  options.padding = padding;
  options.filter_height = options.filter_width = filter;
  options.stride_h = options.stride_w = stride;
  options.fused_activation_function = activation;
  m.options().Set(options);
  return m;
}

TEST(MaxPool2DTest, TwoByTwoStrideTwo) {
  OneOpModel m = PoolModel(tfl::BuiltinOperator_MAX_POOL_2D, DType::kFloat32, {1, 4, 4, 1}, 2, 2, tfl::Padding_VALID);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 5, 2, 0, -3, 4, 8, 1, 0, 0, -1, -2, 7, 0, -5, -6});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 1}));
  EXPECT_EQ(*out, (std::vector<float>{5, 8, 7, -1}));
}

TEST(MaxPool2DTest, SamePaddingIgnoresPaddingCellsAndAppliesRelu6) {
  // 3x3 input, filter 2, stride 2, SAME: the padding row/column (after) must not act as a zero,
  // so the all-negative corner window keeps its max (-1) before the activation clamps it.
  OneOpModel m = PoolModel(tfl::BuiltinOperator_MAX_POOL_2D, DType::kFloat32, {1, 3, 3, 2}, 2, 2, tfl::Padding_SAME);
  std::vector<float> input;
  for (int i = 0; i < 9; ++i) {
    input.push_back(static_cast<float>(i));  // channel 0: 0..8
    input.push_back(-1.f - i);               // channel 1: -1..-9
  }
  auto out = RunReference<float>(m, nullptr, input);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{4, -1, 5, -3, 7, -7, 8, -9}));

  OneOpModel relu6 = PoolModel(tfl::BuiltinOperator_MAX_POOL_2D, DType::kFloat32, {1, 3, 3, 2}, 2, 2,
                               tfl::Padding_SAME, tfl::ActivationFunctionType_RELU6);
  out = RunReference<float>(relu6, nullptr, input);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{4, 0, 5, 0, 6, 0, 6, 0}));
}

TEST(MaxPool2DTest, Int8KeepsRawValues) {
  OneOpModel m = PoolModel(tfl::BuiltinOperator_MAX_POOL_2D, DType::kInt8, {1, 2, 2, 1}, 2, 2, tfl::Padding_VALID,
                           tfl::ActivationFunctionType_NONE, {{0.5f}, {-3}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{-128, -100, 90, 3});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{90}));
}

TEST(MaxPool2DTest, RejectsZeroFilter) {
  OneOpModel m = PoolModel(tfl::BuiltinOperator_MAX_POOL_2D, DType::kFloat32, {1, 4, 4, 1}, 0, 1, tfl::Padding_VALID);
  EXPECT_NE(CreateError(m).find("strides and filter size must be at least 1"), std::string::npos);
}

}  // namespace
}  // namespace edgepose::testing
