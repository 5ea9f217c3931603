// AVERAGE_POOL_2D params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernels/common/pooling.h"

namespace edgepose::kernels::reference {

using AveragePool2DParams = Pool2DParams;
inline Result<AveragePool2DParams> PrepareAveragePool2D(runtime::NodeContext& node) { return PreparePool2D(node); }

}  // namespace edgepose::kernels::reference
