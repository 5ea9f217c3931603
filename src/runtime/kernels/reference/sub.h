// SUB params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/common/quantized_binary.h"

namespace edgepose::kernels::reference {

struct SubParams {
  BinaryParams binary;            // broadcast plan and fused-activation clamp
  QuantizedAddParams quantized;   // INT8 / UINT8 / INT16 only
};

Result<SubParams> PrepareSub(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
