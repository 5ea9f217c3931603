#include "quant/observers/value_scan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace edgepose::quant {
namespace {

std::vector<float> Sorted(std::vector<float> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ScanBeyond and ScanTails against a plain filter: the same values beyond each threshold (as
// multisets), at sizes around the 8-value words and the 1024-value blocks, and with values equal
// to a threshold (not beyond).
TEST(ValueScanTest, BeyondValuesMatchAPlainFilter) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.f, 1.f);
  for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1023}, size_t{1024},
                       size_t{1025}, size_t{5000}, size_t{70001}}) {
    for (float edge : {0.5f, 2.f, 4.f}) {
      std::vector<float> values(count);
      for (auto& v : values) v = normal(rng);
      if (count > 3) values[count / 2] = edge, values[count - 1] = -edge;
      std::vector<float> low_expected, high_expected;
      for (float v : values) {
        if (v < -edge) low_expected.push_back(v);
        if (v > edge) high_expected.push_back(v);
      }
      TailScan beyond;
      ASSERT_TRUE(ScanBeyond(values.data(), count, -edge, edge, &beyond)) << count;
      EXPECT_EQ(Sorted(beyond.low_beyond), Sorted(low_expected)) << count << " edge " << edge;
      EXPECT_EQ(Sorted(beyond.high_beyond), Sorted(high_expected)) << count << " edge " << edge;
      TailScan tails;
      ASSERT_TRUE(ScanTails(values.data(), count, -edge, edge, count, &tails)) << count;
      EXPECT_EQ(Sorted(tails.low_beyond), Sorted(low_expected)) << count << " edge " << edge;
      EXPECT_EQ(Sorted(tails.high_beyond), Sorted(high_expected)) << count << " edge " << edge;
      const auto ties = [&](float t) { return static_cast<size_t>(std::count(values.begin(), values.end(), t)); };
      EXPECT_EQ(tails.low_ties, ties(-edge));
      EXPECT_EQ(tails.high_ties, ties(edge));
    }
  }
}

// A NaN or infinity is reported wherever it sits: inside the thresholds, in a block that also holds
// values beyond them, in the last partial word.
TEST(ValueScanTest, NonFiniteValuesStopBothScans) {
  std::vector<float> values(3001, 0.25f);
  values[100] = 9.f;  // beyond, in the same block as position 101
  for (float bad : {std::nanf(""), std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()}) {
    for (size_t at : {size_t{0}, size_t{101}, size_t{2050}, size_t{3000}}) {
      std::vector<float> broken = values;
      broken[at] = bad;
      TailScan scan;
      EXPECT_FALSE(ScanBeyond(broken.data(), broken.size(), -1.f, 1.f, &scan)) << bad << " at " << at;
      EXPECT_TRUE(scan.non_finite);
      TailScan tails;
      EXPECT_FALSE(ScanTails(broken.data(), broken.size(), -1.f, 1.f, broken.size(), &tails)) << bad << " at " << at;
      EXPECT_TRUE(tails.non_finite);
    }
  }
}

}  // namespace
}  // namespace edgepose::quant
