// HARD_SWISH on XNNPACK: float32 (hardswish_nc_f32). Params from reference/hard_swish.h.
#include "runtime/kernels/reference/hard_swish.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::HardSwishParams;

bool Supports(const runtime::NodeContext& node) { return IsUnaryOf(node, DType::kFloat32); }

Result<Operator> Create(const runtime::NodeContext& node, const Params&) {
  return CreateUnaryF32(UnaryOp::kHardSwish, RowChannels(*node.inputs[0]));
}

}  // namespace

const runtime::KernelDef& HardSwishKernel() {
  static const runtime::KernelDef kernel{"xnnpack/HARD_SWISH", tfl::BuiltinOperator_HARD_SWISH, Backend::kXnnpack,
                                         Supports, PrepareUnaryKernel<Params, reference::PrepareHardSwish, Create>,
                                         RunNode<Params>, BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
