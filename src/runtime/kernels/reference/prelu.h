// PRELU params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/broadcast.h"

namespace edgepose::kernels::reference {

struct PreluParams {
  BroadcastPlan plan;  // input (a) against alpha (b); the output takes the broadcast shape
};

Result<PreluParams> PreparePrelu(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
