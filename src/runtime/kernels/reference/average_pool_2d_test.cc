#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel AveragePoolModel(DType type, const Shape& shape, int filter_h, int filter_w, int stride,
                            tfl::Padding padding, const QuantParams& quant = {}) {
  OneOpModel m(tfl::BuiltinOperator_AVERAGE_POOL_2D, 2);
  m.AddInput(type, shape, quant);
  m.AddOutput(type, {}, quant);
  tfl::Pool2DOptionsT options;
  options.padding = padding;
  options.filter_height = filter_h;
  options.filter_width = filter_w;
  options.stride_h = options.stride_w = stride;
  m.options().Set(options);
  return m;
}

TEST(AveragePool2DTest, SamePaddingExcludesPaddingCellsFromTheCount) {
  // 3x3 input 1..9, filter 2, stride 2, SAME: windows {1,2,4,5}, {3,6}, {7,8}, {9}.
  OneOpModel m = AveragePoolModel(DType::kFloat32, {1, 3, 3, 1}, 2, 2, 2, tfl::Padding_SAME);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 1}));
  EXPECT_EQ(*out, (std::vector<float>{3, 4.5f, 7.5f, 9}));
}

TEST(AveragePool2DTest, SameThreeByThreeStrideOneCornerAveragesFourCells) {
  OneOpModel m = AveragePoolModel(DType::kFloat32, {1, 3, 3, 1}, 3, 3, 1, tfl::Padding_SAME);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_FLOAT_EQ((*out)[0], (1 + 2 + 4 + 5) / 4.f);
  EXPECT_FLOAT_EQ((*out)[1], (1 + 2 + 3 + 4 + 5 + 6) / 6.f);
  EXPECT_FLOAT_EQ((*out)[4], 5.f);
}

TEST(AveragePool2DTest, Int8RoundsHalfAwayFromZero) {
  // Windows of two: (-3 + -2)/2 = -2.5 -> -3, (3 + 2)/2 = 2.5 -> 3, (1 + 2)/2 = 1.5 -> 2, (-1 + -2)/2 -> -2.
  OneOpModel m = AveragePoolModel(DType::kInt8, {1, 1, 8, 1}, 1, 2, 2, tfl::Padding_VALID, {{0.1f}, {0}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{-3, -2, 3, 2, 1, 2, -1, -2});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-3, 3, 2, -2}));
}

TEST(AveragePool2DTest, RejectsDifferentQuantization) {
  OneOpModel m(tfl::BuiltinOperator_AVERAGE_POOL_2D);
  m.AddInput(DType::kInt8, {1, 2, 2, 1}, {{0.1f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{0.2f}, {0}});
  tfl::Pool2DOptionsT options;
  options.filter_height = options.filter_width = options.stride_h = options.stride_w = 1;
  m.options().Set(options);
  EXPECT_NE(CreateError(m).find("need equal per-tensor quantization"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
