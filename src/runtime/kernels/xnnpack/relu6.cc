// RELU6 on XNNPACK: the float32 clamp shared with RELU (relu.cc); range from reference/relu.h.
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {

const runtime::KernelDef& Relu6Kernel() {
  static const runtime::KernelDef kernel = MakeReluKernel("xnnpack/RELU6", tfl::BuiltinOperator_RELU6);
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
