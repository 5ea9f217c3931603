#include <gtest/gtest.h>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(MulTest, BroadcastsRowAgainstColumn) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MUL, DType::kFloat32, {2, 1}, {1, 3});
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{2, -1}, std::vector<float>{1, 2, 3});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 3}));
  EXPECT_EQ(*out, (std::vector<float>{2, 4, 6, -1, -2, -3}));
}

TEST(MulTest, FusedReluN1To1) {
  tfl::MulOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU_N1_TO_1;
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MUL, DType::kFloat32, {4}, {1}, &options);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-3, -0.25f, 0.25f, 3}, std::vector<float>{2});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-1, -0.5f, 0.5f, 1}));
}

TEST(MulTest, Int32WithRelu) {
  tfl::MulOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU;
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MUL, DType::kInt32, {3}, {3}, &options);
  auto out = RunReference<int32_t>(m, nullptr, std::vector<int32_t>{-3, 4, 70000}, std::vector<int32_t>{5, 6, 3});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int32_t>{0, 24, 210000}));
}

TEST(MulTest, RejectsMixedDtypes) {
  OneOpModel m(tfl::BuiltinOperator_MUL);
  m.AddInput(DType::kFloat32, {2});
  m.AddInput(DType::kInt32, {2});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("dtypes differ"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing

namespace edgepose::testing {
namespace {

TEST(MulTest, Int8ExactProductRescaled) {
  // 2.0 (q 4 at scale 0.5) * 2.0 (q 8 at scale 0.25) = 4.0 -> q 32 at scale 0.125; with zero
  // points: -1.5 (q -4 at 0.5, zp -1) * 2.0 = -3 -> q -24 + 5 = -19 at scale 0.125, zp 5.
  OneOpModel m(tfl::BuiltinOperator_MUL);
  m.AddInput(DType::kInt8, {2}, {{0.5f}, {-1}});
  m.AddInput(DType::kInt8, {2}, {{0.25f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{0.125f}, {5}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{3, -4}, std::vector<int8_t>{8, 8});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{37, -19}));
}

}  // namespace
}  // namespace edgepose::testing
