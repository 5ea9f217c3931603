// LOGISTIC on XNNPACK: float32 (sigmoid_nc_f32) and int8 (sigmoid_nc_qs8, which needs TFLite's
// required output quantization: scale 1/256, zero point -128). Params from reference/logistic.h.
#include "runtime/kernels/reference/logistic.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::LogisticParams;

bool Supports(const runtime::NodeContext& node) {
  return IsUnaryOf(node, DType::kFloat32) || IsInt8UnaryWithOutput(node, 1.f / 256, -128);
}

Result<Operator> Create(const runtime::NodeContext& node, const Params&) {
  const Tensor& input = *node.inputs[0];
  if (input.type == DType::kFloat32) return CreateUnaryF32(UnaryOp::kSigmoid, RowChannels(input));
  return CreateUnaryQs8(UnaryOp::kSigmoid, RowChannels(input), TensorQuant(input), TensorQuant(*node.outputs[0]));
}

}  // namespace

const runtime::KernelDef& LogisticKernel() {
  static const runtime::KernelDef kernel{"xnnpack/LOGISTIC", tfl::BuiltinOperator_LOGISTIC, Backend::kXnnpack,
                                         Supports, PrepareUnaryKernel<Params, reference::PrepareLogistic, Create>,
                                         RunNode<Params>, BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
