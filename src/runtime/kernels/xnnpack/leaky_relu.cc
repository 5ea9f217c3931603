// LEAKY_RELU on XNNPACK: float32 (leaky_relu_nc_f32 with alpha as the negative slope).
// Params from reference/leaky_relu.h.
#include "runtime/kernels/reference/leaky_relu.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::LeakyReluParams;

bool Supports(const runtime::NodeContext& node) { return IsUnaryOf(node, DType::kFloat32); }

Result<Operator> Create(const runtime::NodeContext& node, const Params& params) {
  return CreateUnaryF32(UnaryOp::kLeakyRelu, RowChannels(*node.inputs[0]), params.alpha);
}

}  // namespace

const runtime::KernelDef& LeakyReluKernel() {
  static const runtime::KernelDef kernel{"xnnpack/LEAKY_RELU", tfl::BuiltinOperator_LEAKY_RELU, Backend::kXnnpack,
                                         Supports, PrepareUnaryKernel<Params, reference::PrepareLeakyRelu, Create>,
                                         RunNode<Params>, BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
