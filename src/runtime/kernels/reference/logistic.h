// LOGISTIC params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/common/sigmoid_int16.h"

namespace edgepose::kernels::reference {

struct LogisticParams {
  LookupTable8 table;        // INT8 / UINT8: output byte for every input byte
  SigmoidInt16Params int16;  // INT16: input rescaling
};

Result<LogisticParams> PrepareLogistic(runtime::NodeContext& node);

// TFLite's float sigmoid: exact 1 above the point where it rounds to 1, exp(x) far below 0.
float LogisticFloat(float x);

}  // namespace edgepose::kernels::reference
