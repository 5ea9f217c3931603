// MUL params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

struct MulParams {
  BinaryParams binary;  // broadcast plan and fused-activation clamp
};

Result<MulParams> PrepareMul(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
