#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(PreluTest, PerChannelAlphaBroadcastsOverSpatialDims) {
  // [1,2,2,2] input, alpha [1,1,2] (channel 0: 0.5, channel 1: -2).
  OneOpModel m(tfl::BuiltinOperator_PRELU);
  m.AddInput(DType::kFloat32, {1, 2, 2, 2});
  m.AddConstant(DType::kFloat32, {1, 1, 2}, std::vector<float>{0.5f, -2.f});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{-2, -2, 2, 2, 0, -1, -4, 3});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 2}));
  EXPECT_EQ(*out, (std::vector<float>{-1, 4, 2, 2, 0, 2, -2, 3}));
}

TEST(PreluTest, OutputTakesTheBroadcastShape) {
  // TFLite broadcasts both ways: input [2,1] with alpha [1,3] gives [2,3].
  OneOpModel m(tfl::BuiltinOperator_PRELU);
  m.AddInput(DType::kFloat32, {2, 1});
  m.AddConstant(DType::kFloat32, {1, 3}, std::vector<float>{1.f, 2.f, 3.f});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{-1.f, 5.f});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 3}));
  EXPECT_EQ(*out, (std::vector<float>{-1, -2, -3, 5, 5, 5}));
}

TEST(PreluTest, RejectsIncompatibleAlpha) {
  OneOpModel m(tfl::BuiltinOperator_PRELU);
  m.AddInput(DType::kFloat32, {1, 2, 3});
  m.AddConstant(DType::kFloat32, {2}, std::vector<float>{1.f, 2.f});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("do not broadcast"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
