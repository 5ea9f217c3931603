#include <gtest/gtest.h>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(SubTest, BroadcastsScalarOnEitherSide) {
  OneOpModel right = BinaryModel(tfl::BuiltinOperator_SUB, DType::kFloat32, {3}, {});
  auto out = RunReference<float>(right, nullptr, std::vector<float>{1, 2, 3}, std::vector<float>{10});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-9, -8, -7}));

  OneOpModel left = BinaryModel(tfl::BuiltinOperator_SUB, DType::kFloat32, {1}, {2, 2});
  out = RunReference<float>(left, nullptr, std::vector<float>{10}, std::vector<float>{1, 2, 3, 4});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{9, 8, 7, 6}));
}

TEST(SubTest, FusedRelu6AndInt32) {
  tfl::SubOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU6;
  OneOpModel f = BinaryModel(tfl::BuiltinOperator_SUB, DType::kFloat32, {3}, {3}, &options);
  auto out = RunReference<float>(f, nullptr, std::vector<float>{0, 5, 20}, std::vector<float>{1, 1, 1});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{0, 4, 6}));

  OneOpModel i = BinaryModel(tfl::BuiltinOperator_SUB, DType::kInt32, {2}, {2}, &options);
  auto iout = RunReference<int32_t>(i, nullptr, std::vector<int32_t>{3, 100}, std::vector<int32_t>{5, 1});
  ASSERT_TRUE(iout) << iout.error().message;
  EXPECT_EQ(*iout, (std::vector<int32_t>{0, 6}));
}

}  // namespace
}  // namespace edgepose::testing

namespace edgepose::testing {
namespace {

TEST(SubTest, Int8RescalesToOutputAndClampsRelu) {
  // 5.0 - 2.0 = 3.0 at output scale 0.5, zp -10 -> -4; 1.0 - 2.0 = -1 -> RELU clamps to 0.0 -> -10.
  tfl::SubOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU;
  OneOpModel m(tfl::BuiltinOperator_SUB);
  m.AddInput(DType::kInt8, {2}, {{0.5f}, {0}});
  m.AddInput(DType::kInt8, {1}, {{0.25f}, {2}});
  m.AddOutput(DType::kInt8, {}, {{0.5f}, {-10}});
  m.options().Set(options);
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{10, 2}, std::vector<int8_t>{10});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-4, -10}));
}

}  // namespace
}  // namespace edgepose::testing
