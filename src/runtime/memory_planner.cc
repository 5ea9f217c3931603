#include "runtime/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace edgepose::runtime {
namespace {

size_t AlignUp(size_t value, size_t alignment) { return (value + alignment - 1) / alignment * alignment; }

bool LifetimesIntersect(const BufferRequest& a, const BufferRequest& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

}  // namespace

MemoryPlan PlanMemory(const std::vector<BufferRequest>& requests, size_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return requests[a].size > requests[b].size; });

  std::vector<size_t> placed;  // indices already given an offset, sorted by offset
  for (size_t index : order) {
    const BufferRequest& request = requests[index];
    const size_t size = AlignUp(std::max<size_t>(request.size, 1), alignment);
    size_t candidate = 0;
    for (size_t other : placed) {  // ascending offsets: first gap that fits wins
      if (!LifetimesIntersect(request, requests[other])) continue;
      const size_t other_begin = plan.offsets[other];
      const size_t other_end = other_begin + AlignUp(std::max<size_t>(requests[other].size, 1), alignment);
      if (candidate + size <= other_begin) break;
      candidate = std::max(candidate, other_end);
    }
    plan.offsets[index] = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, candidate + size);
    auto position = std::upper_bound(placed.begin(), placed.end(), candidate,
                                     [&](size_t offset, size_t other) { return offset < plan.offsets[other]; });
    placed.insert(position, index);
  }
  return plan;
}

Status CheckMemoryPlan(const std::vector<BufferRequest>& requests, const MemoryPlan& plan) {
  if (plan.offsets.size() != requests.size()) return MakeError("memory plan: wrong number of offsets");
  for (size_t i = 0; i < requests.size(); ++i) {
    if (plan.offsets[i] + requests[i].size > plan.arena_bytes)
      return MakeError("memory plan: buffer " + std::to_string(i) + " ends past the arena");
    for (size_t j = i + 1; j < requests.size(); ++j) {
      if (!LifetimesIntersect(requests[i], requests[j]) || requests[i].size == 0 || requests[j].size == 0)
        continue;
      const bool disjoint = plan.offsets[i] + requests[i].size <= plan.offsets[j] ||
                            plan.offsets[j] + requests[j].size <= plan.offsets[i];
      if (!disjoint)
        return MakeError("memory plan: buffers " + std::to_string(i) + " and " + std::to_string(j) +
                         " are alive together and overlap");
    }
  }
  return Ok();
}

}  // namespace edgepose::runtime
