// SOFTMAX on XNNPACK: float32 over the last axis with beta = 1 (softmax_nc_f32 has no beta; other
// betas stay on the reference kernel). Params from reference/softmax.h.
#include "runtime/kernels/reference/softmax.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::SoftmaxParams;

bool Supports(const runtime::NodeContext& node) {
  if (!IsUnaryOf(node, DType::kFloat32) || node.inputs[0]->rank() < 1) return false;
  const auto* options = node.ir->builtin_options.AsSoftmaxOptions();
  return !options || options->beta == 1.f;
}

Result<Operator> Create(const runtime::NodeContext& node, const Params&) {
  return CreateUnaryF32(UnaryOp::kSoftmax, RowChannels(*node.inputs[0]));
}

}  // namespace

const runtime::KernelDef& SoftmaxKernel() {
  static const runtime::KernelDef kernel{"xnnpack/SOFTMAX", tfl::BuiltinOperator_SOFTMAX, Backend::kXnnpack,
                                         Supports, PrepareUnaryKernel<Params, reference::PrepareSoftmax, Create>,
                                         RunNode<Params>, BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
