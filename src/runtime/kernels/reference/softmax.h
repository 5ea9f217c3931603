// SOFTMAX params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

struct SoftmaxParams {
  float beta = 1.f;   // SoftmaxOptions.beta (TFLite's default 1 when the options are absent)
  int64_t depth = 1;  // extent of the last axis
  int64_t rows = 1;   // product of the other dims
};

Result<SoftmaxParams> PrepareSoftmax(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
