// HARD_SWISH params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

struct HardSwishParams {};

Result<HardSwishParams> PrepareHardSwish(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
