// SUB params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/common/add_sub.h"
#include "runtime/kernels/common/quantized_binary.h"

namespace edgepose::kernels::reference {

using SubParams = AddSubParams;  // shared with ADD (common/add_sub.h)

Result<SubParams> PrepareSub(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
