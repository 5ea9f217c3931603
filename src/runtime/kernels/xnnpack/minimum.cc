// MINIMUM on XNNPACK: float32 with NumPy broadcasting (rank <= 4), no activation.
// Validation and Params come from the reference kernel (runtime/kernels/reference/maximum.h).
#include "runtime/kernels/reference/maximum.h"
#include "runtime/kernels/xnnpack/binary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {
FloatRange OutputRange(const reference::MaximumMinimumParams& params) { return FloatRange{}; }
}  // namespace

const runtime::KernelDef& MinimumKernel() {
  static const runtime::KernelDef kernel{
      "xnnpack/MINIMUM", tfl::BuiltinOperator_MINIMUM, Backend::kXnnpack, SupportsBinaryNode,
      PrepareBinaryKernel<reference::MaximumMinimumParams, reference::PrepareMaximumMinimum, BinaryOp::kMinimum,
                          OutputRange>,
      RunBinaryKernel<reference::MaximumMinimumParams>,
      BindBinaryKernel<reference::MaximumMinimumParams>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
