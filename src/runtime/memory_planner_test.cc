#include "runtime/memory_planner.h"

#include <random>

#include <gtest/gtest.h>

namespace edgepose::runtime {
namespace {

TEST(MemoryPlannerTest, DisjointLifetimesShareOneSlot) {
  // A chain a -> b -> c where each buffer dies before the one after next is born.
  std::vector<BufferRequest> requests = {{1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}};
  MemoryPlan plan = PlanMemory(requests, 64);
  ASSERT_TRUE(CheckMemoryPlan(requests, plan));
  // Two 1024-byte slots suffice: a and c never live together.
  EXPECT_EQ(plan.arena_bytes, 2048u);
  EXPECT_EQ(plan.offsets[0], plan.offsets[2]);
}

TEST(MemoryPlannerTest, OverlappingLifetimesNeedTheSum) {
  std::vector<BufferRequest> requests = {{100, 0, 5}, {200, 0, 5}, {300, 0, 5}};
  MemoryPlan plan = PlanMemory(requests, 1);
  ASSERT_TRUE(CheckMemoryPlan(requests, plan));
  EXPECT_EQ(plan.arena_bytes, 600u);
}

TEST(MemoryPlannerTest, SmallBufferFillsGapLeftByLargeOnes) {
  // Two large buffers at different times, a small one alive alongside both: lower bound is large+small.
  std::vector<BufferRequest> requests = {{1000, 0, 1}, {1000, 2, 3}, {10, 0, 3}};
  MemoryPlan plan = PlanMemory(requests, 1);
  ASSERT_TRUE(CheckMemoryPlan(requests, plan));
  EXPECT_EQ(plan.arena_bytes, 1010u);
}

TEST(MemoryPlannerTest, CheckerCatchesOverlap) {
  std::vector<BufferRequest> requests = {{100, 0, 2}, {100, 1, 3}};
  MemoryPlan bad{{0, 50}, 150};
  EXPECT_FALSE(CheckMemoryPlan(requests, bad));
}

TEST(MemoryPlannerTest, RandomPlansAreValidAndNoWorseThanPeakTimesTwo) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> requests;
    const int count = 1 + rng() % 40;
    for (int i = 0; i < count; ++i) {
      int first = rng() % 30;
      requests.push_back({static_cast<size_t>(1 + rng() % 5000), first, first + static_cast<int>(rng() % 10)});
    }
    MemoryPlan plan = PlanMemory(requests, 64);
    ASSERT_TRUE(CheckMemoryPlan(requests, plan)) << "trial " << trial;
    // The arena can never be below the largest set of simultaneously live bytes.
    size_t peak = 0, total = 0;
    for (int t = 0; t < 40; ++t) {
      size_t live = 0;
      for (auto& r : requests)
        if (r.first_use <= t && t <= r.last_use) live += (r.size + 63) / 64 * 64;
      peak = std::max(peak, live);
    }
    for (auto& r : requests) total += (r.size + 63) / 64 * 64;
    EXPECT_GE(plan.arena_bytes, peak);
    EXPECT_LE(plan.arena_bytes, total);
  }
}

}  // namespace
}  // namespace edgepose::runtime
