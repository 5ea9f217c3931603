#include "quant/quant_params.h"

#include <cmath>

#include <gtest/gtest.h>

namespace edgepose::quant {
namespace {

TEST(QuantParamsTest, AsymmetricInt8ForARangeHasExactZero) {
  // [-1, 3] on [-128, 127]: scale 4/255, real zero point -128 + 1/(4/255) = -64.25 -> -64.
  const AffineParams p = ChooseAsymmetric({-1.f, 3.f}, -128, 127);
  EXPECT_FLOAT_EQ(p.scale, 4.f / 255.f);
  EXPECT_EQ(p.zero_point, -64);
  // 0.0 quantizes to the zero point and dequantizes to exactly 0.
  EXPECT_EQ(QuantizeValue(0.f, p, -128, 127), -64);
}

TEST(QuantParamsTest, RangeIsWidenedToContainZero) {
  // [2, 6] becomes [0, 6]: zero point at qmin.
  const AffineParams p = ChooseAsymmetric({2.f, 6.f}, -128, 127);
  EXPECT_FLOAT_EQ(p.scale, 6.f / 255.f);
  EXPECT_EQ(p.zero_point, -128);
  const AffineParams n = ChooseAsymmetric({-6.f, -2.f}, -128, 127);
  EXPECT_EQ(n.zero_point, 127);
}

TEST(QuantParamsTest, Int16ActivationsAreSymmetric) {
  const AffineParams p = ChooseActivationParams({-2.f, 5.f}, DType::kInt16);
  EXPECT_EQ(p.zero_point, 0);
  EXPECT_FLOAT_EQ(p.scale, 5.f / 32767.f);
}

TEST(QuantParamsTest, CameraByteInputParams) {
  const AffineParams u_signed = InputParamsForRange({-1.f, 1.f}, DType::kUInt8);
  EXPECT_FLOAT_EQ(u_signed.scale, 1.f / 127.5f);
  EXPECT_EQ(u_signed.zero_point, 128);
  const AffineParams u_unit = InputParamsForRange({0.f, 1.f}, DType::kUInt8);
  EXPECT_FLOAT_EQ(u_unit.scale, 1.f / 255.f);
  EXPECT_EQ(u_unit.zero_point, 0);
  EXPECT_EQ(InputParamsForRange({0.f, 1.f}, DType::kInt8).zero_point, -128);
  EXPECT_EQ(InputParamsForRange({-1.f, 1.f}, DType::kInt8).zero_point, 0);
}

TEST(QuantParamsTest, SymmetricPerChannelWeightsAlongDimensionZeroAndThree) {
  // Shape [2,1,1,3] (O,H,W,I for CONV_2D): channel 0 max |x| = 2.54, channel 1 = 0.127.
  const float w[] = {2.54f, -1.27f, 0.f, 0.127f, -0.0315f, 0.f};
  const QuantizedWeights q = QuantizeWeightsSymmetric(w, {2, 1, 1, 3}, 0, true);
  ASSERT_EQ(q.scales.size(), 2u);
  EXPECT_FLOAT_EQ(q.scales[0], 0.02f);
  EXPECT_FLOAT_EQ(q.scales[1], 0.001f);
  // -1.27 / 0.02 = -63.5 rounds away from zero; -0.0315 / 0.001 = -31.5 (both
  // only up to binary rounding, so either neighbour is right).
  EXPECT_EQ(q.values[0], 127);
  EXPECT_EQ(std::abs(q.values[1] + 63.5), 0.5);
  EXPECT_EQ(q.values[3], 127);
  EXPECT_EQ(std::abs(q.values[4] + 31.5), 0.5);  // -31 or -32: -31.5 is not exact in binary
  // Depthwise [1,1,2,3]: channels are the last dim.
  const float dw[] = {1.f, 2.f, -4.f, -1.f, 0.5f, 0.f};
  const QuantizedWeights d = QuantizeWeightsSymmetric(dw, {1, 1, 2, 3}, 3, true);
  ASSERT_EQ(d.scales.size(), 3u);
  EXPECT_FLOAT_EQ(d.scales[0], 1.f / 127.f);
  EXPECT_FLOAT_EQ(d.scales[1], 2.f / 127.f);
  EXPECT_FLOAT_EQ(d.scales[2], 4.f / 127.f);
  EXPECT_EQ(d.quantized_dimension, 3);
  EXPECT_EQ(d.values, (std::vector<int8_t>{127, 127, -127, -127, 32, 0}));
  // Per tensor: one scale from the overall max.
  const QuantizedWeights t = QuantizeWeightsSymmetric(dw, {1, 1, 2, 3}, 3, false);
  ASSERT_EQ(t.scales.size(), 1u);
  EXPECT_FLOAT_EQ(t.scales[0], 4.f / 127.f);
}

TEST(QuantParamsTest, BiasUsesInputTimesWeightScaleAndSaturates) {
  const float bias[] = {1.f, -0.5f, 1e9f};
  const auto q = QuantizeBias32(bias, 3, 0.5f, {0.01f, 0.1f, 0.01f});
  EXPECT_EQ(q[0], 200);   // 1 / 0.005
  EXPECT_EQ(q[1], -10);   // -0.5 / 0.05
  EXPECT_EQ(q[2], INT32_MAX);
  const auto q64 = QuantizeBias64(bias, 3, 0.5f, {0.01f});
  // 1e9 exceeds int32 but fits int64: round(1e9 / (0.5 * 0.01)) up to float rounding of the scale.
  EXPECT_NEAR(static_cast<double>(q64[2]), 2e11, 2e11 * 1e-7);
}

}  // namespace
}  // namespace edgepose::quant
