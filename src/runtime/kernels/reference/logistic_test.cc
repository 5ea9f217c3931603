#include <gtest/gtest.h>

#include <cmath>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(LogisticTest, FloatMatchesClosedForm) {
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kFloat32, {7});
  m.AddOutput(DType::kFloat32);
  const std::vector<float> x = {0.f, 1.f, -1.f, 5.f, -12.f, 20.f, -100.f};
  auto out = RunReference<float>(m, nullptr, x);
  ASSERT_TRUE(out) << out.error().message;
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR((*out)[i], 1.0 / (1.0 + std::exp(-static_cast<double>(x[i]))), 1e-7) << x[i];
  EXPECT_EQ((*out)[0], 0.5f);
  EXPECT_EQ((*out)[5], 1.f);
}

TEST(LogisticTest, Int8UsesFixedOutputScaleAndRounds) {
  // Input scale 1/16 zp 0: q=0 -> 0.5 -> 128 - 128 = 0; q=16 (x=1) -> 0.7311 * 256 = 187.16 -> 59;
  // q=-128 (x=-8) -> 0.000335 * 256 = 0.086 -> -128; q=127 (x=7.94) -> 0.99964 * 256 = 255.9 -> 127.
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt8, {4}, {{1.f / 16}, {0}});
  m.AddOutput(DType::kInt8, {}, {{1.f / 256}, {-128}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{0, 16, -128, 127});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{0, 59, -128, 127}));
}

TEST(LogisticTest, UInt8) {
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kUInt8, {2}, {{0.125f}, {128}});
  m.AddOutput(DType::kUInt8, {}, {{1.f / 256}, {0}});
  // x = 0 -> 128; x = -2 (q=112) -> 0.1192 * 256 = 30.5 -> 31.
  auto out = RunReference<uint8_t>(m, nullptr, std::vector<uint8_t>{128, 112});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<uint8_t>{128, 31}));
}

TEST(LogisticTest, RejectsOtherInt8OutputScale) {
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt8, {2}, {{0.1f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{1.f / 128}, {0}});
  EXPECT_NE(CreateError(m).find("scale 1/256"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
