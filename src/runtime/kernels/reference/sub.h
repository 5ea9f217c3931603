// SUB params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

struct SubParams {
  BinaryParams binary;  // broadcast plan and fused-activation clamp
};

Result<SubParams> PrepareSub(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
