// MAX_POOL_2D on XNNPACK: float32 and int8 (input and output share quantization, as the reference
// Prepare requires, so the max is taken on raw values and clamped to the activation range).
// Padded cells never win (XNNPACK, like TFLite, takes the max over the clipped window).
// Params from reference/max_pool_2d.h.
#include "runtime/kernels/reference/max_pool_2d.h"
#include "runtime/kernels/xnnpack/pool_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::MaxPool2DParams;

bool Supports(const runtime::NodeContext& node) {
  return SupportsPoolNode(node, DType::kFloat32) ||
         (SupportsPoolNode(node, DType::kInt8) && IsPerTensorInt8(*node.inputs[0]));
}

Result<Operator> Create(const runtime::NodeContext& node, const Params& params) {
  const PoolGeometry geometry = MakePoolGeometry(node, params);
  if (node.inputs[0]->type == DType::kFloat32) return CreateMaxPoolF32(geometry, params.range.min, params.range.max);
  return CreateMaxPoolS8(geometry, ClampToInt8(params.act_min), ClampToInt8(params.act_max));
}

}  // namespace

const runtime::KernelDef& MaxPool2DKernel() {
  static const runtime::KernelDef kernel{"xnnpack/MAX_POOL_2D", tfl::BuiltinOperator_MAX_POOL_2D, Backend::kXnnpack,
                                         Supports, PreparePoolKernel<Params, reference::PrepareMaxPool2D, Create>,
                                         RunNode<Params>, BindPoolKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
