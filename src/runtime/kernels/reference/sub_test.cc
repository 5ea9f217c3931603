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
