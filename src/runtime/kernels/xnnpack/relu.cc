// RELU, RELU6 and RELU_N1_TO_1 on XNNPACK: float32, one clamp_nc_f32 with the range the reference
// Prepare resolves from node.op (reference/relu.h). The three registrations share these entry points,
// as the reference's relu.cc / relu6.cc / relu_n1_to_1.cc do (MakeReluKernel, unary_common.h).
#include "runtime/kernels/reference/relu.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::ReluParams;

bool Supports(const runtime::NodeContext& node) { return IsUnaryOf(node, DType::kFloat32); }

Result<Operator> Create(const runtime::NodeContext& node, const Params& params) {
  return CreateUnaryF32(UnaryOp::kClamp, RowChannels(*node.inputs[0]), params.range.min, params.range.max);
}

}  // namespace

runtime::KernelDef MakeReluKernel(const char* name, tfl::BuiltinOperator op) {
  return {name, op, Backend::kXnnpack, Supports, PrepareUnaryKernel<Params, reference::PrepareRelu, Create>,
          RunNode<Params>, BindUnaryKernel<Params>};
}

const runtime::KernelDef& ReluKernel() {
  static const runtime::KernelDef kernel = MakeReluKernel("xnnpack/RELU", tfl::BuiltinOperator_RELU);
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
