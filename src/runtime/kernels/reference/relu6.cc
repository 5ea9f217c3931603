// RELU6: y = min(max(x, 0), 6). The clamp and its Prepare live in relu.cc.
#include "runtime/kernels/reference/relu.h"

namespace edgepose::kernels::reference {

const runtime::KernelDef& Relu6Kernel() {
  static const runtime::KernelDef kernel{"reference/RELU6", tfl::BuiltinOperator_RELU6, Backend::kReference, nullptr,
                                         PrepareReluKernel, EvalRelu};
  return kernel;
}

}  // namespace edgepose::kernels::reference
