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
// The percentile observer pools every batch: its range equals Percentile() of all the batches'
// values together, also when one batch holds most of a tail (a wide input among quiet ones), with
// ties at the thresholds, constant and few-level data, large batches (one-pass tail scans) and
// small ones (exact selection); announced batches as many as arrive or more. (Fewer announced
// than arrive is an approximation, by design: the pools were trimmed for fewer.)
TEST(RangeObserverTest, PercentileOfPooledBatchesEqualsThePercentileOfAllValues) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.f, 1.f);
  using Batches = std::vector<std::vector<float>>;
  auto gaussian = [&](size_t n, float sigma) {
    std::vector<float> v(n);
    for (auto& x : v) x = sigma * normal(rng);
    return v;
  };
  std::vector<std::pair<const char*, Batches>> cases;
  cases.push_back({"similar gaussians", {gaussian(300007, 1.f), gaussian(300007, 1.f), gaussian(300007, 1.2f)}});
  cases.push_back({"one wide input", {gaussian(300007, 1.f), gaussian(300007, 4.f), gaussian(300007, 1.f),
                                      gaussian(300007, 1.f)}});
  Batches relu6;
  for (int b = 0; b < 3; ++b) {
    auto v = gaussian(200003, 3.f);
    for (auto& x : v) x = std::min(std::max(x, 0.f), 6.f);
    relu6.push_back(v);
  }
  cases.push_back({"relu6 ties", relu6});
  cases.push_back({"constant", {std::vector<float>(200003, 1.5f), std::vector<float>(200003, 1.5f)}});
  Batches few_levels;
  for (int b = 0; b < 3; ++b) {
    std::vector<float> v(150001);
    for (auto& x : v) x = static_cast<float>(static_cast<int>(rng() % 5));
    few_levels.push_back(v);
  }
  cases.push_back({"few levels", few_levels});
  std::vector<float> sorted = gaussian(300007, 1.f);
  std::sort(sorted.begin(), sorted.end());
  cases.push_back({"sorted then reversed", {sorted, std::vector<float>(sorted.rbegin(), sorted.rend())}});
  Batches small;
  for (int b = 0; b < 40; ++b) small.push_back(gaussian(195, b == 7 ? 10.f : 1.f));
  cases.push_back({"small batches", small});
  cases.push_back({"one value per batch", {{3.f}, {-1.f}, {7.f}, {0.5f}}});
  // Fewer values so far than the ranks the whole set needs: nothing may be dropped yet.
  cases.push_back({"second value below the first", {{10.f}, {5.f}}});
  cases.push_back({"tiny batches", {{1.f, 2.f}, {0.f}, {3.f, -4.f, 8.f}}});
  for (const auto& [name, batches] : cases) {
    std::vector<float> all;
    for (const auto& b : batches) all.insert(all.end(), b.begin(), b.end());
    for (double p : {99.99, 99.9, 99.0}) {
      for (int announced : {static_cast<int>(batches.size()), static_cast<int>(batches.size()) + 5}) {
        PercentileObserver observer(p, announced);
        for (const auto& b : batches) ASSERT_TRUE(observer.ObserveIfFinite(b.data(), b.size()));
        const float low = Percentile(all.data(), all.size(), 100.0 - p), high = Percentile(all.data(), all.size(), p);
        EXPECT_EQ(observer.range().min, low) << name << " p " << p << " announced " << announced;
        EXPECT_EQ(observer.range().max, high) << name << " p " << p << " announced " << announced;
        EXPECT_EQ(observer.batches(), static_cast<int64_t>(batches.size()));
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
