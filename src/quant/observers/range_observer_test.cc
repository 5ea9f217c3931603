#include "quant/observers/range_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace edgepose::quant {
namespace {

TEST(RangeObserverTest, MinMaxIsTheExactExtremeOverAllBatches) {
  MinMaxObserver observer;
  EXPECT_FALSE(observer.has_range());
  const std::vector<float> a = {0.5f, -2.f, 3.f}, b = {7.25f, 1.f}, c = {-9.5f};
  observer.Observe(a.data(), a.size());
  observer.Observe(b.data(), b.size());
  observer.Observe(c.data(), c.size());
  EXPECT_TRUE(observer.has_range());
  EXPECT_EQ(observer.range().min, -9.5f);
  EXPECT_EQ(observer.range().max, 7.25f);
  EXPECT_EQ(observer.batches(), 3);
}

TEST(RangeObserverTest, EmaFollowsTheClosedFormOfTheRecurrence) {
  // Batch k (k = 0..n-1) has range [-k, 2k]. With m_0 = batch_0 and
  // m_k = d m_{k-1} + (1-d) x_k, m_n = d^n x_0 + sum_{k=1..n} (1-d) d^(n-k) x_k.
  const float decay = 0.95f;
  EmaObserver observer(decay);
  const int n = 20;
  double expected_max = 0.0;
  for (int k = 0; k < n; ++k) {
    const std::vector<float> batch = {static_cast<float>(-k), static_cast<float>(2 * k), 0.f};
    observer.Observe(batch.data(), batch.size());
  }
  for (int k = 1; k < n; ++k) expected_max += (1.0 - decay) * std::pow(decay, n - 1 - k) * 2.0 * k;
  EXPECT_NEAR(observer.range().max, expected_max, 1e-4);
  EXPECT_NEAR(observer.range().min, -expected_max / 2.0, 1e-4);
}

TEST(RangeObserverTest, PercentileOfAKnownSampleMatchesNumpyLinear) {
  // 0, 1, ..., 100: the p-th percentile is p exactly; 99.5 interpolates between 99 and 100.
  std::vector<float> values(101);
  for (int i = 0; i <= 100; ++i) values[i] = static_cast<float>(100 - i);
  std::vector<float> copy = values;
  EXPECT_FLOAT_EQ(Percentile(copy.data(), copy.size(), 90.0), 90.f);
  copy = values;
  EXPECT_FLOAT_EQ(Percentile(copy.data(), copy.size(), 99.5), 99.5f);
  copy = values;
  EXPECT_FLOAT_EQ(Percentile(copy.data(), copy.size(), 0.0), 0.f);
  copy = {3.f, 1.f, 2.f, 4.f};  // numpy.percentile([1,2,3,4], 50) == 2.5
  EXPECT_FLOAT_EQ(Percentile(copy.data(), copy.size(), 50.0), 2.5f);
}

// The tails are found with a bounded heap, the middle by selection: both must equal numpy's linear
// interpolation between the order statistics of a fully sorted copy.
TEST(RangeObserverTest, PercentileEqualsTheSortedOrderStatisticsInTheTailsAndTheMiddle) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> uniform(-5.f, 5.f);
  for (size_t n : {size_t{7}, size_t{1000}, size_t{100003}}) {
    std::vector<float> values(n);
    for (auto& v : values) v = uniform(rng);
    std::vector<float> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (double p : {0.0, 0.01, 0.1, 1.0, 50.0, 93.7, 99.0, 99.9, 99.99, 100.0}) {
      const double rank = p / 100.0 * static_cast<double>(n - 1);
      const size_t below = static_cast<size_t>(std::floor(rank));
      const size_t above = std::min(below + 1, n - 1);
      const double expected = sorted[below] + (rank - below) * (static_cast<double>(sorted[above]) - sorted[below]);
      EXPECT_NEAR(Percentile(values.data(), n, p), expected, 1e-6) << "n " << n << " p " << p;
    }
  }
}

// The one-pass tails must give exactly what two full selections give, also when the sample's
// thresholds land on heavy ties (RELU6 outputs: most values exactly 0 or 6) or miss (a sorted
// tensor, where the strided sample sees only the low end of each run; an NHWC tensor whose channels
// differ in scale).
TEST(RangeObserverTest, PercentileTailsEqualTheSeparatePercentiles) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.f, 1.f);
  const size_t n = 300007;
  std::vector<std::vector<float>> cases;
  std::vector<float> gaussian(n);
  for (auto& v : gaussian) v = normal(rng);
  gaussian[17] = 250.f;
  gaussian[90000] = -400.f;
  cases.push_back(gaussian);
  std::vector<float> relu6 = gaussian;
  for (auto& v : relu6) v = std::min(std::max(3.f * v, 0.f), 6.f);
  cases.push_back(relu6);
  cases.push_back(std::vector<float>(n, 1.5f));
  std::vector<float> sorted = gaussian;
  std::sort(sorted.begin(), sorted.end());
  cases.push_back(sorted);
  std::vector<float> channels(1 << 20);  // NHWC, 16 channels: channel 0 quiet, the others wide
  for (size_t i = 0; i < channels.size(); ++i) channels[i] = (i % 16 == 0 ? 0.01f : 5.f) * normal(rng);
  cases.push_back(channels);
  std::vector<float> few_levels(n);
  for (size_t i = 0; i < n; ++i) few_levels[i] = static_cast<float>(static_cast<int>(rng() % 5));
  cases.push_back(few_levels);
  for (size_t c = 0; c < cases.size(); ++c) {
    for (double p : {99.99, 99.9, 99.0, 0.01}) {
      const size_t size = cases[c].size();
      const Range tails = PercentileTails(cases[c].data(), size, p);
      const float a = Percentile(cases[c].data(), size, 100.0 - p), b = Percentile(cases[c].data(), size, p);
      EXPECT_EQ(tails.min, std::min(a, b)) << "case " << c << " p " << p;
      EXPECT_EQ(tails.max, std::max(a, b)) << "case " << c << " p " << p;
      // With a guess carried over from another tensor's batch (right, too tight, too loose).
      for (Range guess : {Range{-1.f, 1.f}, Range{-1e-3f, 1e-3f}, Range{-1e6f, 1e6f}, Range{100.f, 200.f}}) {
        const Range hinted = PercentileTails(cases[c].data(), size, p, &guess);
        EXPECT_EQ(hinted.min, tails.min) << "case " << c << " p " << p;
        EXPECT_EQ(hinted.max, tails.max) << "case " << c << " p " << p;
      }
    }
  }
}

TEST(RangeObserverTest, PercentileObserverClipsOutliersOfAGaussianSample) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::vector<float> values(200000);
  for (auto& v : values) v = normal(rng);
  values[0] = 1000.f;  // one outlier must not set the range
  PercentileObserver observer(99.0);
  observer.Observe(values.data(), values.size());
  // Standard normal 99th percentile = 2.3263.
  EXPECT_NEAR(observer.range().max, 2.3263f, 0.03f);
  EXPECT_NEAR(observer.range().min, -2.3263f, 0.03f);
}

// The one-pass percentile observer checks finiteness inside its tail scan: a NaN or infinity
// anywhere (in the strided sample or not, inside the previous thresholds or beyond them, on the
// first batch or a later one) is refused and leaves the range as it was; finite batches give the
// same range as Observe. Every method's observer refuses them too (the AllFinite default).
TEST(RangeObserverTest, ObserveIfFiniteRefusesNanAndInfinityWherever) {
  std::mt19937 rng(9);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::vector<float> values(200003);
  for (auto& v : values) v = normal(rng);
  const float bad_values[] = {std::nanf(""), std::numeric_limits<float>::infinity(),
                              -std::numeric_limits<float>::infinity()};
  // Index 0 is in every strided sample; 100001 is not (the stride is a prime > 2 here); the last.
  const size_t positions[] = {0, 100001, values.size() - 1};
  for (CalibrationMethod method :
       {CalibrationMethod::kPercentile, CalibrationMethod::kMinMax, CalibrationMethod::kEma, CalibrationMethod::kMse}) {
    for (bool after_a_good_batch : {false, true}) {
      for (float bad : bad_values) {
        for (size_t at : positions) {
          ObserverOptions options;
          options.method = method;
          auto checked = MakeObserver(options), plain = MakeObserver(options);
          if (after_a_good_batch) {
            ASSERT_TRUE(checked->ObserveIfFinite(values.data(), values.size()));
            plain->Observe(values.data(), values.size());
            EXPECT_EQ(checked->range().min, plain->range().min);
            EXPECT_EQ(checked->range().max, plain->range().max);
          }
          std::vector<float> broken = values;
          broken[at] = bad;
          EXPECT_FALSE(checked->ObserveIfFinite(broken.data(), broken.size()))
              << CalibrationMethodName(method) << " value " << bad << " at " << at;
          EXPECT_EQ(checked->batches(), after_a_good_batch ? 1 : 0);
          if (after_a_good_batch) {
            EXPECT_EQ(checked->range().min, plain->range().min);
            EXPECT_EQ(checked->range().max, plain->range().max);
          }
        }
      }
    }
  }
}

TEST(RangeObserverTest, ParsesMethodNamesAndRejectsOthers) {
  EXPECT_EQ(*ParseCalibrationMethod("ema"), CalibrationMethod::kEma);
  EXPECT_EQ(*ParseCalibrationMethod("percentile"), CalibrationMethod::kPercentile);
  EXPECT_FALSE(ParseCalibrationMethod("kl").has_value());
}

}  // namespace
}  // namespace edgepose::quant
