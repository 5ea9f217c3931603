#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(PadTest, PadsEachSideWithZero) {
  OneOpModel m(tfl::BuiltinOperator_PAD);
  m.AddInput(DType::kFloat32, {2, 3});
  m.AddConstant(DType::kInt32, {2, 2}, std::vector<int32_t>{1, 0, 0, 2});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{3, 5}));
  EXPECT_EQ(*out, (std::vector<float>{0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0}));
}

TEST(PadTest, Int64PaddingsOnFourDims) {
  OneOpModel m(tfl::BuiltinOperator_PAD);
  m.AddInput(DType::kFloat32, {1, 1, 2, 1});
  m.AddConstant(DType::kInt64, {4, 2}, std::vector<int64_t>{0, 0, 1, 1, 0, 1, 1, 0});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{7, 8});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 3, 3, 2}));
  std::vector<float> expected(18, 0.f);
  expected[(1 * 3 + 0) * 2 + 1] = 7;  // row 1 (after the top pad), x 0, channel 1 (after the channel pad)
  expected[(1 * 3 + 1) * 2 + 1] = 8;
  EXPECT_EQ(*out, expected);
}

TEST(PadTest, QuantizedFillIsTheZeroPoint) {
  OneOpModel m(tfl::BuiltinOperator_PAD);
  m.AddInput(DType::kInt8, {2}, {{0.5f}, {-5}});
  m.AddConstant(DType::kInt32, {1, 2}, std::vector<int32_t>{1, 2});
  m.AddOutput(DType::kInt8, {}, {{0.5f}, {-5}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{10, 20});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-5, 10, 20, -5, -5}));
}

TEST(PadTest, RejectsNegativePadding) {
  OneOpModel m(tfl::BuiltinOperator_PAD);
  m.AddInput(DType::kFloat32, {2});
  m.AddConstant(DType::kInt32, {1, 2}, std::vector<int32_t>{-1, 0});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("is negative or too large"), std::string::npos) << CreateError(m);
}

TEST(PadTest, RejectsPaddingsOfTheWrongShape) {
  OneOpModel m(tfl::BuiltinOperator_PAD);
  m.AddInput(DType::kFloat32, {2, 2});
  m.AddConstant(DType::kInt32, {1, 2}, std::vector<int32_t>{1, 1});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("expected [2,2]"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
