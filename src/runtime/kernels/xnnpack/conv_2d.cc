// CONV_2D on XNNPACK (regular and grouped), float32 and int8 (per-channel qc8, per-tensor qs8).
// TFLite's filter [C_out,KH,KW,C_in/groups] is XNNPACK's grouped layout as is; SAME padding goes in
// as explicit sides (odd pixel after); the fused activation becomes output_min/max. Validation and
// Params come from the reference kernel (reference/conv_2d.h).
#include "runtime/kernels/reference/conv_2d.h"
#include "runtime/kernels/xnnpack/conv_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::Conv2DParams;
using State = ConvNodeState<Params>;

bool Supports(const runtime::NodeContext& node) { return SupportsConvNode(node, /*filter_quant_dim=*/0); }

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareConv2D(node));
  const reference::Conv2DParams& p = state.params;
  const Tensor& input = *node.inputs[reference::kConv2DInput];
  const Tensor& filter = *node.inputs[reference::kConv2DFilter];
  ConvGeometry geometry;
  geometry.kernel_h = static_cast<uint32_t>(filter.dim(1));
  geometry.kernel_w = static_cast<uint32_t>(filter.dim(2));
  geometry.stride_h = static_cast<uint32_t>(p.stride_h);
  geometry.stride_w = static_cast<uint32_t>(p.stride_w);
  geometry.dilation_h = static_cast<uint32_t>(p.dilation_h);
  geometry.dilation_w = static_cast<uint32_t>(p.dilation_w);
  geometry.groups = static_cast<uint32_t>(p.groups);
  geometry.group_input_channels = static_cast<size_t>(filter.dim(3));
  geometry.group_output_channels = static_cast<size_t>(filter.dim(0) / p.groups);
  SetConvPadding(geometry, p.padding, input.dim(1), input.dim(2));
  AbsorbProducerPad(node, geometry);
  EP_ASSIGN_OR_RETURN(state.op, CreateConvForNode(node, geometry, p.range, p.quant));
  return runtime::KernelParams::Make(std::move(state));
}

}  // namespace

const runtime::KernelDef& Conv2DKernel() {
  static const runtime::KernelDef kernel{"xnnpack/CONV_2D", tfl::BuiltinOperator_CONV_2D, Backend::kXnnpack,
                                         Supports, Prepare, RunConvNode<Params>, BindConvNode<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
