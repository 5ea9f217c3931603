// Arena planning: a pure function from {size, first use, last use} per buffer to offsets.
//
// Greedy by size (largest first), each buffer placed at the lowest aligned offset that does not
// overlap any already placed buffer whose lifetime intersects its own — the strategy of
// tflite-micro's GreedyMemoryPlanner. Lifetimes are inclusive node indices.
#pragma once

#include <cstddef>
#include <vector>

#include "edgepose/status.h"

namespace edgepose::runtime {

struct BufferRequest {
  size_t size = 0;
  int first_use = 0;
  int last_use = 0;
};

struct MemoryPlan {
  std::vector<size_t> offsets;  // one per request
  size_t arena_bytes = 0;
};

MemoryPlan PlanMemory(const std::vector<BufferRequest>& requests, size_t alignment = 64);

// Fails when two buffers alive at the same time overlap, or one ends past the arena.
Status CheckMemoryPlan(const std::vector<BufferRequest>& requests, const MemoryPlan& plan);

}  // namespace edgepose::runtime
