// TANH params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

struct TanhParams {
  LookupTable8 table;  // INT8 / UINT8: output byte for every input byte
};

Result<TanhParams> PrepareTanh(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
