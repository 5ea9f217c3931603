// PADV2 on XNNPACK: PAD with a constant fill value; same entry points as pad.cc.
#include "runtime/kernels/reference/pad.h"
#include "runtime/kernels/xnnpack/kernel_util.h"
#include "runtime/kernels/xnnpack/pad.h"

namespace edgepose::kernels::xnnpack {

const runtime::KernelDef& Padv2Kernel() {
  static const runtime::KernelDef kernel{"xnnpack/PADV2", tfl::BuiltinOperator_PADV2, Backend::kXnnpack,
                                         SupportsPadNode, PreparePadKernel, EvalPadKernel,
                                         BindPadKernel};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
