// ADD on XNNPACK: float32 with NumPy broadcasting (rank <= 4), the fused activation as the output
// clamp. Validation is the reference's (common/elementwise_binary.h PrepareBinary, as reference/add.cc).
#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/xnnpack/binary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

Result<BinaryParams> PrepareAdd(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsAddOptions();
  return PrepareBinary(node, options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE);
}

FloatRange OutputRange(const BinaryParams& params) { return params.range; }

}  // namespace

const runtime::KernelDef& AddKernel() {
  static const runtime::KernelDef kernel{
      "xnnpack/ADD", tfl::BuiltinOperator_ADD, Backend::kXnnpack, SupportsBinaryNode,
      PrepareBinaryKernel<BinaryParams, PrepareAdd, BinaryOp::kAdd, OutputRange>, RunBinaryKernel<BinaryParams>,
      BindBinaryKernel<BinaryParams>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
