// LEAKY_RELU params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

struct LeakyReluParams {
  float alpha = 0.f;  // LeakyReluOptions.alpha (0 when the options are absent)
};

Result<LeakyReluParams> PrepareLeakyRelu(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
