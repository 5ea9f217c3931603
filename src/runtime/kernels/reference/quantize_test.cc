#include <gtest/gtest.h>

#include <limits>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(QuantizeTest, Int8RoundsHalfAwayFromZeroAndSaturates) {
  OneOpModel m(tfl::BuiltinOperator_QUANTIZE);
  m.AddInput(DType::kFloat32, {7});
  m.AddOutput(DType::kInt8, {}, {{0.5f}, {-1}});
  // x / 0.5 = 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -2.5 -> -3; then + zero point -1.
  const float inf = std::numeric_limits<float>::infinity();
  auto out = RunReference<int8_t>(m, nullptr, std::vector<float>{0.25f, -0.25f, 0.75f, -1.25f, 1000.f, -1000.f, inf});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{0, -2, 1, -4, 127, -128, 127}));
}

TEST(QuantizeTest, UInt8AndInt16) {
  OneOpModel u8(tfl::BuiltinOperator_QUANTIZE);
  u8.AddInput(DType::kFloat32, {3});
  u8.AddOutput(DType::kUInt8, {}, {{1.f / 255}, {0}});
  auto out8 = RunReference<uint8_t>(u8, nullptr, std::vector<float>{0.f, 0.25f, 1.f});
  ASSERT_TRUE(out8) << out8.error().message;
  EXPECT_EQ(*out8, (std::vector<uint8_t>{0, 64, 255}));  // 63.75 -> 64

  OneOpModel i16(tfl::BuiltinOperator_QUANTIZE);
  i16.AddInput(DType::kFloat32, {3});
  i16.AddOutput(DType::kInt16, {}, {{1.f / 4096}, {0}});
  auto out16 = RunReference<int16_t>(i16, nullptr, std::vector<float>{-1.f, 0.001f, 9.f});
  ASSERT_TRUE(out16) << out16.error().message;
  EXPECT_EQ(*out16, (std::vector<int16_t>{-4096, 4, 32767}));  // 4.096 -> 4; 36864 saturates
}

TEST(QuantizeTest, PerChannelAlongLastDimension) {
  OneOpModel m(tfl::BuiltinOperator_QUANTIZE);
  m.AddInput(DType::kFloat32, {2, 2});
  m.AddOutput(DType::kInt8, {2, 2}, {{1.f, 0.25f}, {0, 10}, 1});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<float>{3.f, 3.f, -2.f, -2.f});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{3, 22, -2, 2}));
}

TEST(QuantizeTest, RejectsFloatOutputAndMissingScale) {
  OneOpModel float_out(tfl::BuiltinOperator_QUANTIZE);
  float_out.AddInput(DType::kFloat32, {2});
  float_out.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(float_out).find("output dtype FLOAT32"), std::string::npos) << CreateError(float_out);

  OneOpModel no_scale(tfl::BuiltinOperator_QUANTIZE);
  no_scale.AddInput(DType::kFloat32, {2});
  no_scale.AddOutput(DType::kInt8);
  EXPECT_NE(CreateError(no_scale).find("no quantization"), std::string::npos) << CreateError(no_scale);
}

TEST(QuantizeTest, RequantizesUInt8ToInt8ByShiftingTheZeroPoint) {
  // Same scale, zero points 128 and 0: the value is unchanged, so q_out = q_in - 128 exactly.
  OneOpModel m(tfl::BuiltinOperator_QUANTIZE);
  m.AddInput(DType::kUInt8, {4}, {{1.f / 127.5f}, {128}});
  m.AddOutput(DType::kInt8, {}, {{1.f / 127.5f}, {0}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<uint8_t>{0, 127, 128, 255});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-128, -1, 0, 127}));
}

TEST(QuantizeTest, RequantizesInt8ToInt16WithScaleRatio) {
  // in scale 0.5 zp 3, out scale 0.25 zp -10: real = 0.5 (q - 3) -> q_out = 2 (q - 3) - 10.
  OneOpModel m(tfl::BuiltinOperator_QUANTIZE);
  m.AddInput(DType::kInt8, {4}, {{0.5f}, {3}});
  m.AddOutput(DType::kInt16, {}, {{0.25f}, {-10}});
  auto out = RunReference<int16_t>(m, nullptr, std::vector<int8_t>{-128, 0, 3, 127});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int16_t>{2 * (-131) - 10, -16, -10, 2 * 124 - 10}));
}

TEST(QuantizeTest, RequantizingSaturatesAtTheOutputRange) {
  OneOpModel m(tfl::BuiltinOperator_QUANTIZE);
  m.AddInput(DType::kInt16, {3}, {{1.f}, {0}});
  m.AddOutput(DType::kInt8, {}, {{1.f}, {0}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int16_t>{-1000, 5, 1000});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-128, 5, 127}));
}

}  // namespace
}  // namespace edgepose::testing
