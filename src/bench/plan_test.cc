#include "bench/plan.h"

#include <gtest/gtest.h>

namespace edgepose::bench {
namespace {

ModelBenchResult Round(std::vector<double> samples, double init_ms, int64_t rss_kb) {
  ModelBenchResult r;
  r.macs = 2'000'000;
  r.init_ms = init_ms;
  r.samples_ms = samples;
  r.cpu_samples_ms = samples;
  r.latency = Summarize(samples);
  r.peak_rss_kb = rss_kb;
  r.round_medians_ms = {r.latency.median};
  return r;
}

TEST(PoolRoundTest, MediansComeFromAllSamplesOfAllRounds) {
  // Round medians 2 and 10; pooled {1,2,3,9,10,11} has median (3+9)/2 = 6, not a round's.
  ModelBenchResult pooled = Round({1, 2, 3}, 5.0, 100);
  PoolRound(pooled, Round({9, 10, 11}, 7.0, 300));
  EXPECT_EQ(pooled.latency.count, 6u);
  EXPECT_DOUBLE_EQ(pooled.latency.median, 6.0);
  EXPECT_DOUBLE_EQ(pooled.latency.min, 1.0);
  EXPECT_DOUBLE_EQ(pooled.latency.max, 11.0);
  EXPECT_DOUBLE_EQ(pooled.cpu.median, 6.0);
  EXPECT_DOUBLE_EQ(pooled.gmacs, 2e6 / (6.0 * 1e6));
  EXPECT_EQ(pooled.round_medians_ms, (std::vector<double>{2, 10}));
  EXPECT_DOUBLE_EQ(pooled.init_ms, 5.0);  // the first round's
  EXPECT_EQ(pooled.peak_rss_kb, 300);
}

TEST(PoolRoundTest, BaselineMedianComesFromAllTimesAndMinFromAllRounds) {
  BaselineResult pooled;
  pooled.runs = 2, pooled.times_ms = {20, 30}, pooled.median_ms = 25, pooled.min_ms = 20;
  pooled.round_medians_ms = {25};
  BaselineResult later;
  later.runs = 3, later.times_ms = {10, 12, 40}, later.median_ms = 12, later.min_ms = 10;
  PoolBaselineRound(pooled, later);
  EXPECT_EQ(pooled.runs, 5);
  EXPECT_DOUBLE_EQ(pooled.median_ms, 20.0);  // {10,12,20,30,40}
  EXPECT_DOUBLE_EQ(pooled.min_ms, 10.0);
  EXPECT_EQ(pooled.round_medians_ms, (std::vector<double>{25, 12}));
}

TEST(PoolRoundTest, BaselineWithoutTimesTakesTheMedianOfRoundMedians) {
  BaselineResult pooled;
  pooled.runs = 4, pooled.median_ms = 10, pooled.min_ms = 9, pooled.round_medians_ms = {10};
  BaselineResult later;
  later.runs = 4, later.median_ms = 14, later.min_ms = 8;
  PoolBaselineRound(pooled, later);
  EXPECT_DOUBLE_EQ(pooled.median_ms, 12.0);
  EXPECT_DOUBLE_EQ(pooled.min_ms, 8.0);
}

// Round by round: a machine twice as slow in rounds 2 and 4 (the third case) leaves every round's
// ratio at 2, where the pooled medians would mix the two modes.
TEST(PairedRatioTest, MedianOfPerRoundRatios) {
  EXPECT_DOUBLE_EQ(MedianOfRoundRatios({10, 20, 30}, {5, 5, 10}), 3.0);      // ratios 2, 4, 3
  EXPECT_DOUBLE_EQ(MedianOfRoundRatios({10, 20}, {5, 10}), 2.0);             // even count: mean of the middle two
  EXPECT_DOUBLE_EQ(MedianOfRoundRatios({16, 40, 18, 44}, {8, 20, 9, 22}), 2.0);
  EXPECT_EQ(MedianOfRoundRatios({10}, {5}), 0.0);                            // one round: no pairing
  EXPECT_EQ(MedianOfRoundRatios({10, 20}, {5}), 0.0);                        // rounds differ
  EXPECT_EQ(MedianOfRoundRatios({10, 20}, {5, 0}), 0.0);                     // an empty round
}

TEST(RunBenchPlanTest, RejectsAnEmptyPlan) {
  BenchPlan plan;
  EXPECT_FALSE(RunBenchPlan(plan, {}).has_value());
  plan.models = {"m.tflite"};
  plan.rounds = 0;
  auto result = RunBenchPlan(plan, {});
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("rounds"), std::string::npos);
  plan.rounds = 1;
  plan.threads.clear();
  EXPECT_FALSE(RunBenchPlan(plan, {}).has_value());
}

TEST(RunBenchPlanTest, AMissingModelNamesTheFile) {
  BenchPlan plan;
  plan.models = {"/nonexistent/model.tflite"};
  auto result = RunBenchPlan(plan, {});
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("/nonexistent/model.tflite"), std::string::npos) << result.error().message;
}

}  // namespace
}  // namespace edgepose::bench
