#include "runtime/kernels/common/quantization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace edgepose::kernels {
namespace {

TEST(QuantizationTest, QuantizeMultiplierSplitsIntoQ31AndShift) {
  const QuantizedMultiplier half = QuantizeMultiplier(0.5);
  EXPECT_EQ(half.multiplier, 1 << 30);
  EXPECT_EQ(half.shift, 0);
  const QuantizedMultiplier three = QuantizeMultiplier(3.0);  // 0.75 * 2^2
  EXPECT_EQ(three.multiplier, 1610612736);
  EXPECT_EQ(three.shift, 2);
  const QuantizedMultiplier zero = QuantizeMultiplier(0.0);
  EXPECT_EQ(zero.multiplier, 0);
  EXPECT_EQ(zero.shift, 0);
  // Rounding that carries into 2^31 is renormalised: (1 - 2^-40) rounds to 2^31 -> 2^30, shift+1.
  const QuantizedMultiplier carry = QuantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(carry.multiplier, 1 << 30);
  EXPECT_EQ(carry.shift, 1);
  // Below 2^-31 everything would be shifted out: flushed to zero.
  EXPECT_EQ(QuantizeMultiplier(std::ldexp(1.0, -40)).multiplier, 0);
}

TEST(QuantizationTest, RoundingDivideByPotRoundsHalfAwayFromZero) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);    // 2.5
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);  // -2.5
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);  // -1.5
  EXPECT_EQ(RoundingDivideByPOT(7, 2), 2);    // 1.75
  EXPECT_EQ(RoundingDivideByPOT(9, 0), 9);
}

TEST(QuantizationTest, SaturatingRoundingDoublingHighMul) {
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);  // the one overflow
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);      // 0.5 * 0.5 in Q31
  // 3 * 0.5 = 1.5 rounds up; -3 * 0.5 = -1.5 rounds toward +inf too (gemmlowp's nudge).
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(3, 1 << 30), 2);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
}

// Two roundings (the high multiply, then the shift) keep the result within one of the real product.
TEST(QuantizationTest, MultiplyByQuantizedMultiplierIsWithinOneOfTheRealProduct) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> log_scale(-20.0, 3.0);
  std::uniform_int_distribution<int32_t> value(-(1 << 20), 1 << 20);
  for (int i = 0; i < 20000; ++i) {
    const double real = std::exp2(log_scale(rng));
    const int32_t x = value(rng);
    const QuantizedMultiplier q = QuantizeMultiplier(real);
    const double exact = x * real;
    ASSERT_LT(std::abs(MultiplyByQuantizedMultiplier(x, q.multiplier, q.shift) - exact), 1.0 + 1e-6 * std::abs(exact))
        << x << " * " << real;
  }
}

TEST(QuantizationTest, Int64VariantIsWithinOneOfTheRealProduct) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> log_scale(-25.0, -12.0);  // results stay within int32
  std::uniform_int_distribution<int64_t> value(-(int64_t{1} << 40), int64_t{1} << 40);
  for (int i = 0; i < 20000; ++i) {
    const double real = std::exp2(log_scale(rng));
    const int64_t x = value(rng);
    const QuantizedMultiplier q = QuantizeMultiplier(real);
    const double exact = static_cast<double>(x) * real;
    // The multiplier is cut to 16 bits: relative error up to 2^-15 plus rounding.
    ASSERT_LE(std::abs(MultiplyByQuantizedMultiplier(x, q.multiplier, q.shift) - exact), 1.0 + std::abs(exact) * 3.1e-5)
        << x << " * " << real;
  }
  // Exact case: 2^20 * 0.25 = 2^18.
  const QuantizedMultiplier quarter = QuantizeMultiplier(0.25);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(int64_t{1} << 20, quarter.multiplier, quarter.shift), 1 << 18);
}

}  // namespace
}  // namespace edgepose::kernels
