// RELU_N1_TO_1 on XNNPACK: the float32 clamp shared with RELU (relu.cc); range from reference/relu.h.
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {

const runtime::KernelDef& ReluN1To1Kernel() {
  static const runtime::KernelDef kernel = MakeReluKernel("xnnpack/RELU_N1_TO_1", tfl::BuiltinOperator_RELU_N1_TO_1);
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
