#include <gtest/gtest.h>

#include <cmath>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(DivTest, FloatWithBroadcastAndIeeeZero) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_DIV, DType::kFloat32, {2, 2}, {2});
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1, 3, -2, 0}, std::vector<float>{4, 0});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ((*out)[0], 0.25f);
  EXPECT_TRUE(std::isinf((*out)[1]) && (*out)[1] > 0);
  EXPECT_EQ((*out)[2], -0.5f);
  EXPECT_TRUE(std::isnan((*out)[3]));
}

TEST(DivTest, Int32TruncatesAndRejectsZeroDivisor) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_DIV, DType::kInt32, {3}, {3});
  auto out = RunReference<int32_t>(m, nullptr, std::vector<int32_t>{7, -7, 9}, std::vector<int32_t>{2, 2, -3});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int32_t>{3, -3, -3}));

  OneOpModel z = BinaryModel(tfl::BuiltinOperator_DIV, DType::kInt32, {2}, {2});
  auto bad = RunReference<int32_t>(z, nullptr, std::vector<int32_t>{1, 2}, std::vector<int32_t>{1, 0});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("division by zero"), std::string::npos) << bad.error().message;
}

TEST(DivTest, FusedRelu) {
  tfl::DivOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU;
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_DIV, DType::kFloat32, {2}, {2}, &options);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-1, 1}, std::vector<float>{2, 2});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{0, 0.5f}));
}

}  // namespace
}  // namespace edgepose::testing
