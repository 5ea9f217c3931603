#pragma once

#include "runtime/kernels/common/add_sub.h"

namespace edgepose::kernels::reference {

using AddParams = AddSubParams;
Result<AddParams> PrepareAdd(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
