// MAXIMUM / MINIMUM params, Prepare and Eval, shared by both reference kernels and the
// optimized ones (TFLite implements both in kernels/maximum_minimum.cc).
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"

namespace edgepose::kernels::reference {

struct MaximumMinimumParams {
  BinaryParams binary;  // broadcast plan; no fused activation
};

// Two inputs and the output of one dtype: FLOAT32, INT32, INT64, INT8, UINT8, INT16. Quantized
// values are compared raw, as TFLite does: the three tensors must share quantization.
Result<MaximumMinimumParams> PrepareMaximumMinimum(runtime::NodeContext& node);

// Eval for either op; `pick_max` selects MAXIMUM.
Status EvalMaximumMinimum(const runtime::NodeContext& node, const MaximumMinimumParams& params, bool pick_max);

}  // namespace edgepose::kernels::reference
