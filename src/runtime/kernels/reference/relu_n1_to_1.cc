// RELU_N1_TO_1: y = min(max(x, -1), 1). The clamp and its Prepare live in relu.cc.
#include "runtime/kernels/reference/relu.h"

namespace edgepose::kernels::reference {

const runtime::KernelDef& ReluN1To1Kernel() {
  static const runtime::KernelDef kernel{"reference/RELU_N1_TO_1", tfl::BuiltinOperator_RELU_N1_TO_1,
                                         Backend::kReference, nullptr, PrepareReluKernel, EvalRelu};
  return kernel;
}

}  // namespace edgepose::kernels::reference
