// NumPy-style broadcasting for binary elementwise ops, any rank up to kMaxRank.
#pragma once

#include <array>
#include <cstdint>

#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::kernels {

inline constexpr size_t kMaxBroadcastRank = 6;

// Strides of each input expressed in the output's (right-aligned, padded) index space;
// a broadcast dimension has stride 0.
struct BroadcastPlan {
  Shape output_shape;
  std::array<int64_t, kMaxBroadcastRank> dims{};      // output dims, left-padded with 1
  std::array<int64_t, kMaxBroadcastRank> stride_a{};
  std::array<int64_t, kMaxBroadcastRank> stride_b{};
  bool same_shape = false;      // no broadcasting: flat loop
  bool b_is_scalar = false;     // b has one element
  int64_t count = 0;
};

Result<BroadcastPlan> PlanBroadcast(const Shape& a, const Shape& b);

// Calls f(index_out, index_a, index_b) for every output element.
template <class F>
void ForEachBroadcast(const BroadcastPlan& plan, F&& f) {
  if (plan.same_shape) {
    for (int64_t i = 0; i < plan.count; ++i) f(i, i, i);
    return;
  }
  if (plan.b_is_scalar) {
    for (int64_t i = 0; i < plan.count; ++i) f(i, i, 0);
    return;
  }
  std::array<int64_t, kMaxBroadcastRank> index{};
  int64_t ia = 0, ib = 0;
  for (int64_t out = 0; out < plan.count; ++out) {
    f(out, ia, ib);
    for (int d = static_cast<int>(kMaxBroadcastRank) - 1; d >= 0; --d) {
      ia += plan.stride_a[d];
      ib += plan.stride_b[d];
      if (++index[d] < plan.dims[d]) break;
      ia -= plan.stride_a[d] * plan.dims[d];
      ib -= plan.stride_b[d] * plan.dims[d];
      index[d] = 0;
    }
  }
}

}  // namespace edgepose::kernels
