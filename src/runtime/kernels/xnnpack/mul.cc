// MUL on XNNPACK: float32 with NumPy broadcasting (rank <= 4), the fused activation as the output clamp.
// Validation and Params come from the reference kernel (runtime/kernels/reference/mul.h).
#include "runtime/kernels/reference/mul.h"
#include "runtime/kernels/xnnpack/binary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {
FloatRange OutputRange(const reference::MulParams& params) { return params.binary.range; }
}  // namespace

const runtime::KernelDef& MulKernel() {
  static const runtime::KernelDef kernel{
      "xnnpack/MUL", tfl::BuiltinOperator_MUL, Backend::kXnnpack, SupportsBinaryNode,
      PrepareBinaryKernel<reference::MulParams, reference::PrepareMul, BinaryOp::kMultiply, OutputRange>,
      RunBinaryKernel<reference::MulParams>,
      BindBinaryKernel<reference::MulParams>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
