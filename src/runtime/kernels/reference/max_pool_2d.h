// MAX_POOL_2D params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernels/common/pooling.h"

namespace edgepose::kernels::reference {

using MaxPool2DParams = Pool2DParams;
inline Result<MaxPool2DParams> PrepareMaxPool2D(runtime::NodeContext& node) { return PreparePool2D(node); }

}  // namespace edgepose::kernels::reference
