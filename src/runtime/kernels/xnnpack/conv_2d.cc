// CONV_2D on XNNPACK (regular and grouped), float32 and int8 (per-channel qc8, per-tensor qs8).
// TFLite's filter [C_out,KH,KW,C_in/groups] is XNNPACK's grouped layout as is; SAME padding goes in
// as explicit sides (odd pixel after); the fused activation becomes output_min/max. Validation and
// Params come from the reference kernel (reference/conv_2d.h).
#include "runtime/kernels/reference/conv_2d.h"
#include "runtime/kernels/xnnpack/conv_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::Conv2DParams;

bool Supports(const runtime::NodeContext& node) { return SupportsConvNode(node, /*filter_quant_dim=*/0); }

// Regular and grouped: TFLite's filter [C_out, KH, KW, C_in/groups] is XNNPACK's grouped layout.
void SetGroups(const Params& p, const Tensor&, const Tensor& filter, ConvGeometry* geometry) {
  geometry->groups = static_cast<uint32_t>(p.groups);
  geometry->group_input_channels = static_cast<size_t>(filter.dim(3));
  geometry->group_output_channels = static_cast<size_t>(filter.dim(0) / p.groups);
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  return PrepareConvNode<Params>(node, reference::PrepareConv2D, SetGroups);
}

}  // namespace

const runtime::KernelDef& Conv2DKernel() {
  static const runtime::KernelDef kernel{"xnnpack/CONV_2D", tfl::BuiltinOperator_CONV_2D, Backend::kXnnpack,
                                         Supports, Prepare, RunConvNode<Params>, BindConvNode<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
