#include "pose/filters/one_euro_filter.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pose/filters/low_pass_filter.h"

namespace edgepose::pose {
namespace {

constexpr int64_t kFrameUs = 33333;  // 30 fps

TEST(LowPassFilterTest, FirstStepsFollowTheClosedForm) {
  LowPassFilter filter(0.1f);
  EXPECT_FLOAT_EQ(filter.Apply(1.0f), 1.0f);  // first value passes through
  EXPECT_FLOAT_EQ(filter.Apply(0.0f), 0.9f);  // 0.1 * 0 + 0.9 * 1
  EXPECT_FLOAT_EQ(filter.Apply(0.0f), 0.81f);
  EXPECT_FLOAT_EQ(filter.Apply(1.0f), 0.1f + 0.9f * 0.81f);
  EXPECT_FLOAT_EQ(filter.LastRawValue(), 1.0f);
  filter.Reset();
  EXPECT_FALSE(filter.HasLastRawValue());
  EXPECT_FLOAT_EQ(filter.Apply(5.0f), 5.0f);
}

TEST(OneEuroFilterTest, ConstantStaysConstant) {
  OneEuroFilter filter;
  for (int i = 1; i <= 50; ++i) {
    EXPECT_DOUBLE_EQ(filter.Apply(i * kFrameUs, 1.0 / 200, 123.5), 123.5);
  }
}

TEST(OneEuroFilterTest, FirstStepUsesMinCutoffAlpha) {
  // Second sample after a static first one: speed = (v1 - v0) * scale * f, smoothed with the
  // derivative alpha (the first derivative sample passes through), cutoff = min + beta|speed|.
  OneEuroOptions options;
  OneEuroFilter filter(options);
  EXPECT_DOUBLE_EQ(filter.Apply(kFrameUs, 0.01, 100.0), 100.0);
  const double f = 1.0 / (kFrameUs * 1e-6);
  const double speed = (110.0 - 100.0) * 0.01 * f;
  // The derivative filter's first input was 0, so its output is alpha_d * speed.
  const double alpha_d = 1.0 / (1.0 + (1.0 / (2 * M_PI * 1.0)) * f);
  const double cutoff = 0.05 + 80.0 * std::fabs(alpha_d * speed);
  const double alpha = 1.0 / (1.0 + (1.0 / (2 * M_PI * cutoff)) * f);
  EXPECT_NEAR(filter.Apply(2 * kFrameUs, 0.01, 110.0), 100.0 + alpha * 10.0, 1e-3);
}

TEST(OneEuroFilterTest, StepConvergesMonotonically) {
  OneEuroFilter filter;
  double previous = filter.Apply(kFrameUs, 1.0 / 100, 0.0);
  for (int i = 2; i < 300; ++i) {
    const double y = filter.Apply(i * kFrameUs, 1.0 / 100, 50.0);
    // The state is kept in float, as MediaPipe's: allow float rounding around the target.
    EXPECT_GE(y, previous - 1e-5) << "frame " << i;
    EXPECT_LE(y, 50.0 + 1e-4);
    previous = y;
  }
  EXPECT_NEAR(previous, 50.0, 0.5);
}

TEST(OneEuroFilterTest, ReducesJitterOnANoisySine) {
  // A person ~300 px tall swaying slowly, measured with 1 px noise. Jitter = frame-to-frame
  // change beyond the true motion; the filter must cut it while following the sine.
  OneEuroFilter filter;
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0.0, 1.0);
  double raw_jitter = 0.0, filtered_jitter = 0.0, max_lag = 0.0;
  double previous_truth = 0.0, previous_measured = 0.0, previous_filtered = 0.0;
  for (int i = 1; i <= 600; ++i) {
    const double t = i * kFrameUs * 1e-6;
    const double truth = 200.0 + 20.0 * std::sin(2 * M_PI * 0.2 * t);
    const double measured = truth + noise(rng);
    const double y = filter.Apply(i * kFrameUs, 1.0 / 300, measured);
    if (i > 30) {
      const double true_step = truth - previous_truth;
      raw_jitter += std::pow(measured - previous_measured - true_step, 2);
      filtered_jitter += std::pow(y - previous_filtered - true_step, 2);
      max_lag = std::max(max_lag, std::abs(y - truth));
    }
    previous_truth = truth;
    previous_measured = measured;
    previous_filtered = y;
  }
  EXPECT_LT(std::sqrt(filtered_jitter), 0.5 * std::sqrt(raw_jitter));
  EXPECT_LT(max_lag, 5.0);
}

TEST(OneEuroFilterTest, NonIncreasingTimestampReturnsTheRawValue) {
  OneEuroFilter filter;
  filter.Apply(kFrameUs, 1.0, 10.0);
  EXPECT_DOUBLE_EQ(filter.Apply(kFrameUs, 1.0, 20.0), 20.0);
  // State untouched: the next sample is filtered against 10, not 20.
  EXPECT_LT(filter.Apply(2 * kFrameUs, 1.0, 10.5), 10.5);
}

}  // namespace
}  // namespace edgepose::pose
