#include "quant/observers/mse_observer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace edgepose::quant {
namespace {

// 10^6 values uniform in [-1, 1] plus two outliers at +-30. A symmetric range +-t (t > 1) costs
// 10^6 * (2t/255)^2 / 12 in rounding and 2 * (30 - t)^2 in clipping; the derivative vanishes at
// t = 120 / (4 + 8 * 10^6 / (12 * 255^2)) = 8.42 (total 1294, against 4613 for +-30 and 1687 for
// +-1). With 16 bits the wide grid costs 0.07, so nothing is clipped.
std::vector<float> UniformWithOutliers() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  std::vector<float> values(1000000);
  for (float& v : values) v = uniform(rng);
  values[123] = 30.f;
  values[4567] = -30.f;
  return values;
}

TEST(MseObserverTest, ClipsRareOutliersForEightBits) {
  const auto values = UniformWithOutliers();
  MseObserver observer(8);
  observer.Observe(values.data(), values.size());
  const Range range = observer.range();
  const double optimum = 120.0 / (4.0 + 8e6 / (12.0 * 255 * 255));
  EXPECT_NEAR(range.max, optimum, 0.1);
  EXPECT_NEAR(range.min, -optimum, 0.1);
  EXPECT_LT(observer.ExpectedError(range.min, range.max), observer.ExpectedError(-30.0, 30.0));
}

TEST(MseObserverTest, KeepsTheWholeRangeForSixteenBits) {
  const auto values = UniformWithOutliers();
  MseObserver observer(16);
  observer.Observe(values.data(), values.size());
  EXPECT_NEAR(observer.range().max, 30.f, 0.01f);
  EXPECT_NEAR(observer.range().min, -30.f, 0.01f);
}

TEST(MseObserverTest, GaussianClipsNearTheKnownOptimum) {
  // Optimal clipping of a Gaussian for a uniform 8-bit grid is about 3.9 sigma (Banner et al.,
  // "ACIQ: Analytical Clipping for Integer Quantization", 2018); the sample max is ~5 sigma.
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.f, 2.f);
  std::vector<float> values(2000000);
  for (float& v : values) v = normal(rng);
  MseObserver observer(8);
  // Several batches: the histogram grows as later batches exceed the first one's range.
  for (size_t start = 0; start < values.size(); start += 250000)
    observer.Observe(values.data() + start, 250000);
  const Range range = observer.range();
  EXPECT_GE(range.max, 3.4f * 2.f);
  EXPECT_LE(range.max, 4.4f * 2.f);
  EXPECT_LE(range.min, -3.4f * 2.f);
  EXPECT_GE(range.min, -4.4f * 2.f);
}

TEST(MseObserverTest, OneSidedDataKeepsZeroAsTheLowerEdge) {
  // ReLU6-like: values in [0, 6]; the range may not go below 0 and ends near 6 (uniform mass up
  // to the edge makes clipping expensive).
  std::vector<float> values(100000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = 6.f * static_cast<float>(i) / (values.size() - 1);
  MseObserver observer(8);
  observer.Observe(values.data(), values.size());
  EXPECT_EQ(observer.range().min, 0.f);
  EXPECT_GE(observer.range().max, 5.8f);
  EXPECT_LE(observer.range().max, 6.f);
}

TEST(MseObserverTest, SameValuesGiveTheSameRange) {
  const auto values = UniformWithOutliers();
  MseObserver a(8), b(8);
  a.Observe(values.data(), values.size());
  b.Observe(values.data(), values.size());
  EXPECT_EQ(a.range().min, b.range().min);
  EXPECT_EQ(a.range().max, b.range().max);
}

}  // namespace
}  // namespace edgepose::quant
