// FULLY_CONNECTED params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

inline constexpr int kFullyConnectedInput = 0;
inline constexpr int kFullyConnectedWeights = 1;
inline constexpr int kFullyConnectedBias = 2;  // optional (-1)

struct FullyConnectedParams {
  int batches = 1;  // input elements / input depth
  int input_depth = 0;
  int units = 0;
  FloatRange range;
  RequantizeParams quant;  // integer inputs only
};

Result<FullyConnectedParams> PrepareFullyConnected(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
