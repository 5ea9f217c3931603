#include "runtime/kernels/common/broadcast.h"

namespace edgepose::kernels {

Result<BroadcastPlan> PlanBroadcast(const Shape& a, const Shape& b) {
  if (a.size() > kMaxBroadcastRank || b.size() > kMaxBroadcastRank)
    return MakeError("broadcast of rank > " + std::to_string(kMaxBroadcastRank) + " is not supported");
  BroadcastPlan plan;
  const size_t rank = std::max(a.size(), b.size());
  std::array<int64_t, kMaxBroadcastRank> dim_a{}, dim_b{};
  for (size_t d = 0; d < kMaxBroadcastRank; ++d) {
    const size_t from_right = kMaxBroadcastRank - 1 - d;
    dim_a[d] = from_right < a.size() ? a[a.size() - 1 - from_right] : 1;
    dim_b[d] = from_right < b.size() ? b[b.size() - 1 - from_right] : 1;
    if (dim_a[d] != dim_b[d] && dim_a[d] != 1 && dim_b[d] != 1)
      return MakeError("shapes " + ShapeToString(a) + " and " + ShapeToString(b) + " do not broadcast");
    plan.dims[d] = dim_a[d] == 1 ? dim_b[d] : dim_a[d];
  }
  int64_t sa = 1, sb = 1;
  for (int d = static_cast<int>(kMaxBroadcastRank) - 1; d >= 0; --d) {
    plan.stride_a[d] = dim_a[d] == 1 ? 0 : sa;
    plan.stride_b[d] = dim_b[d] == 1 ? 0 : sb;
    sa *= dim_a[d];
    sb *= dim_b[d];
  }
  for (size_t d = kMaxBroadcastRank - rank; d < kMaxBroadcastRank; ++d)
    plan.output_shape.push_back(static_cast<int32_t>(plan.dims[d]));
  plan.count = NumElements(plan.output_shape);
  plan.same_shape = a == b;
  plan.b_is_scalar = NumElements(b) == 1 && NumElements(a) == plan.count;
  return plan;
}

}  // namespace edgepose::kernels
