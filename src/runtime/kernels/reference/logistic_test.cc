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

TEST(LogisticTest, Int16TracksSigmoidWithinOneStep) {
  // Input scale 6/32767 (range +-6, not a power of two: TFLite's interpolated-table path); the
  // output is Q0.15. TFLite's table (0.16 fixed point, minimax chords) plus its truncating mirror
  // for x < 0 stay within 1.5 output steps of the exact sigmoid; x = 0 is exactly 1/2.
  const float scale = 6.f / 32767;
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  std::vector<int16_t> in;
  for (int q = -32767; q <= 32767; q += 97) in.push_back(static_cast<int16_t>(q));
  in.push_back(0);
  m.AddInput(DType::kInt16, {static_cast<int32_t>(in.size())}, {{scale}, {0}});
  m.AddOutput(DType::kInt16, {}, {{1.f / 32768}, {0}});
  auto out = RunReference<int16_t>(m, nullptr, in);
  ASSERT_TRUE(out) << out.error().message;
  for (size_t i = 0; i < in.size(); ++i) {
    const double expected = 32768.0 / (1.0 + std::exp(-static_cast<double>(scale) * in[i]));
    EXPECT_LE(std::fabs((*out)[i] - expected), 1.5) << "q " << in[i];
  }
  EXPECT_EQ(out->back(), 16384);
}

TEST(LogisticTest, Int16SaturatesFarFromZero) {
  // |x| >= 255/24 = 10.6 saturates: 32767 above, 1 (TFLite's mirrored rounding) below.
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt16, {2}, {{20.f / 32767}, {0}});
  m.AddOutput(DType::kInt16, {}, {{1.f / 32768}, {0}});
  auto out = RunReference<int16_t>(m, nullptr, std::vector<int16_t>{32767, -32767});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int16_t>{32767, 1}));
}

TEST(LogisticTest, Int16RefusesTheGemmlowpScale) {
  // 8/32767 is 2^-12 within TFLite's log2 tolerance: LiteRT runs another algorithm there.
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt16, {2}, {{8.f / 32767}, {0}});
  m.AddOutput(DType::kInt16, {}, {{1.f / 32768}, {0}});
  EXPECT_NE(CreateError(m).find("2^-12"), std::string::npos) << CreateError(m);
}

TEST(LogisticTest, Int16RejectsOtherOutputScale) {
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt16, {2}, {{1e-3f}, {0}});
  m.AddOutput(DType::kInt16, {}, {{1.f / 256}, {0}});
  EXPECT_NE(CreateError(m).find("1/32768"), std::string::npos) << CreateError(m);
}

TEST(LogisticTest, RejectsOtherInt8OutputScale) {
  OneOpModel m(tfl::BuiltinOperator_LOGISTIC);
  m.AddInput(DType::kInt8, {2}, {{0.1f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{1.f / 128}, {0}});
  EXPECT_NE(CreateError(m).find("scale 1/256"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
