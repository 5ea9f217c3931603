// AVERAGE_POOL_2D on XNNPACK: float32. With padding XNNPACK divides by the number of valid
// (unpadded) cells, which is TFLite's rule (the parity test checks it on SAME-padded windows).
// XNNPACK 2022 has no int8 average pooling, so int8 stays on the reference kernel.
// Params from reference/average_pool_2d.h.
#include "runtime/kernels/reference/average_pool_2d.h"
#include "runtime/kernels/xnnpack/pool_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::AveragePool2DParams;

bool Supports(const runtime::NodeContext& node) { return SupportsPoolNode(node, DType::kFloat32); }

Result<Operator> Create(const runtime::NodeContext& node, const Params& params) {
  return CreateAveragePoolF32(MakePoolGeometry(node, params), params.range.min, params.range.max);
}

}  // namespace

const runtime::KernelDef& AveragePool2DKernel() {
  static const runtime::KernelDef kernel{
      "xnnpack/AVERAGE_POOL_2D", tfl::BuiltinOperator_AVERAGE_POOL_2D, Backend::kXnnpack, Supports,
      PreparePoolKernel<Params, reference::PrepareAveragePool2D, Create>, RunNode<Params>, BindPoolKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
