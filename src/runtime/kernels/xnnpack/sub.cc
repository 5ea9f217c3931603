// SUB on XNNPACK: float32 with NumPy broadcasting (rank <= 4), the fused activation as the output clamp.
// Validation and Params come from the reference kernel (runtime/kernels/reference/sub.h).
#include "runtime/kernels/reference/sub.h"
#include "runtime/kernels/xnnpack/binary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {
FloatRange OutputRange(const reference::SubParams& params) { return params.binary.range; }
}  // namespace

const runtime::KernelDef& SubKernel() {
  static const runtime::KernelDef kernel{
      "xnnpack/SUB", tfl::BuiltinOperator_SUB, Backend::kXnnpack, SupportsBinaryNode,
      PrepareBinaryKernel<reference::SubParams, reference::PrepareSub, BinaryOp::kSubtract, OutputRange>,
      RunBinaryKernel<reference::SubParams>,
      BindBinaryKernel<reference::SubParams>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
