// RELU, RELU6 and RELU_N1_TO_1 share relu.cc; each registration is exercised here.
#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

std::vector<float> RunClamp(tfl::BuiltinOperator op, const std::vector<float>& x) {
  OneOpModel m(op);
  m.AddInput(DType::kFloat32, {static_cast<int32_t>(x.size())});
  m.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(m, nullptr, x);
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : std::vector<float>{};
}

const std::vector<float> kX = {-7.f, -1.f, -0.5f, 0.f, 0.5f, 1.f, 5.9f, 6.f, 100.f};

TEST(ReluTest, ClampsBelowZero) {
  EXPECT_EQ(RunClamp(tfl::BuiltinOperator_RELU, kX), (std::vector<float>{0, 0, 0, 0, 0.5f, 1, 5.9f, 6, 100}));
}

TEST(ReluTest, Relu6ClampsToZeroSix) {
  EXPECT_EQ(RunClamp(tfl::BuiltinOperator_RELU6, kX), (std::vector<float>{0, 0, 0, 0, 0.5f, 1, 5.9f, 6, 6}));
}

TEST(ReluTest, ReluN1To1ClampsToPlusMinusOne) {
  EXPECT_EQ(RunClamp(tfl::BuiltinOperator_RELU_N1_TO_1, kX),
            (std::vector<float>{-1, -1, -0.5f, 0, 0.5f, 1, 1, 1, 1}));
}

TEST(ReluTest, RejectsDtypeMismatch) {
  OneOpModel m(tfl::BuiltinOperator_RELU);
  m.AddInput(DType::kFloat32, {2});
  m.AddOutput(DType::kInt32);
  EXPECT_NE(CreateError(m).find("differs"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing

namespace edgepose::testing {
namespace {

TEST(ReluTest, Int8Relu6RescalesAndClampsAtQuantizedSix) {
  // in scale 0.1 zp 0, out scale 0.05 zp -100: x = -1 -> 0 -> -100; x = 2 -> 40 - 100 = -60;
  // x = 12.7 -> clamps at 6 -> 120 - 100 = 20.
  OneOpModel m(tfl::BuiltinOperator_RELU6);
  m.AddInput(DType::kInt8, {3}, {{0.1f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{0.05f}, {-100}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{-10, 20, 127});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-100, -60, 20}));
}

}  // namespace
}  // namespace edgepose::testing
