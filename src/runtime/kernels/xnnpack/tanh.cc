// TANH on XNNPACK: int8 only (tanh_nc_qs8 with TFLite's output quantization scale 1/128, zero
// point 0); XNNPACK 2022 has no float tanh operator, so float TANH stays on the reference kernel.
// Params from reference/tanh.h.
#include "runtime/kernels/reference/tanh.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::TanhParams;

bool Supports(const runtime::NodeContext& node) { return IsInt8UnaryWithOutput(node, 1.f / 128, 0); }

Result<Operator> Create(const runtime::NodeContext& node, const Params&) {
  const Tensor& input = *node.inputs[0];
  return CreateUnaryQs8(UnaryOp::kTanh, RowChannels(input), TensorQuant(input), TensorQuant(*node.outputs[0]));
}

}  // namespace

const runtime::KernelDef& TanhKernel() {
  static const runtime::KernelDef kernel{"xnnpack/TANH", tfl::BuiltinOperator_TANH, Backend::kXnnpack, Supports,
                                         PrepareUnaryKernel<Params, reference::PrepareTanh, Create>, RunNode<Params>,
                                         BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
