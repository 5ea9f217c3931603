#include "bench/stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace edgepose::bench {
namespace {

TEST(SummarizeTest, OddCountGivesTheMiddleSampleAsMedian) {
  const SampleStats s = Summarize({5, 1, 3});
  EXPECT_EQ(s.count, 3u);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  // population std of {1,3,5}: sqrt((4+0+4)/3)
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(8.0 / 3.0));
}

TEST(SummarizeTest, EvenCountAveragesTheMiddlePair) {
  EXPECT_DOUBLE_EQ(Summarize({4, 1, 2, 3}).median, 2.5);
}

TEST(SummarizeTest, P90InterpolatesBetweenRanksLikeNumpy) {
  // numpy.percentile(range(1, 11), 90) == 9.1
  EXPECT_DOUBLE_EQ(Summarize({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).p90, 9.1);
}

TEST(SummarizeTest, EmptyInputIsAllZero) {
  const SampleStats s = Summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.median, 0);
}

TEST(SummarizeTest, ConstantSamplesHaveZeroSpread) {
  const SampleStats s = Summarize({2, 2, 2, 2});
  EXPECT_DOUBLE_EQ(s.std, 0);
  EXPECT_DOUBLE_EQ(s.p90, 2);
}

}  // namespace
}  // namespace edgepose::bench
