// DEPTHWISE_CONV_2D on XNNPACK, float32 and int8 (per-channel qc8, per-tensor qs8), as a grouped
// convolution: groups = C_in, one input channel and M (depth multiplier) output channels per group.
// TFLite's filter [1,KH,KW,C*M] is exactly XNNPACK's depthwise layout [KH,KW,groups,M]
// (XNN_FLAG_DEPTHWISE_CONVOLUTION), so no repacking. Per-channel scales are along dim 3.
// Validation and Params come from the reference kernel (reference/depthwise_conv_2d.h).
#include "runtime/kernels/reference/depthwise_conv_2d.h"
#include "runtime/kernels/xnnpack/conv_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::DepthwiseConv2DParams;
using State = ConvNodeState<Params>;

bool Supports(const runtime::NodeContext& node) { return SupportsConvNode(node, /*filter_quant_dim=*/3); }

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareDepthwiseConv2D(node));
  const reference::DepthwiseConv2DParams& p = state.params;
  const Tensor& input = *node.inputs[reference::kDepthwiseInput];
  const Tensor& filter = *node.inputs[reference::kDepthwiseFilter];
  ConvGeometry geometry;
  geometry.kernel_h = static_cast<uint32_t>(filter.dim(1));
  geometry.kernel_w = static_cast<uint32_t>(filter.dim(2));
  geometry.stride_h = static_cast<uint32_t>(p.stride_h);
  geometry.stride_w = static_cast<uint32_t>(p.stride_w);
  geometry.dilation_h = static_cast<uint32_t>(p.dilation_h);
  geometry.dilation_w = static_cast<uint32_t>(p.dilation_w);
  geometry.groups = static_cast<uint32_t>(input.dim(3));
  geometry.group_input_channels = 1;
  geometry.group_output_channels = static_cast<size_t>(p.depth_multiplier);
  geometry.depthwise_layout = true;
  SetConvPadding(geometry, p.padding, input.dim(1), input.dim(2));
  AbsorbProducerPad(node, geometry);
  EP_ASSIGN_OR_RETURN(state.op, CreateConvForNode(node, geometry, p.range, p.quant));
  return runtime::KernelParams::Make(std::move(state));
}

}  // namespace

const runtime::KernelDef& DepthwiseConv2DKernel() {
  static const runtime::KernelDef kernel{"xnnpack/DEPTHWISE_CONV_2D", tfl::BuiltinOperator_DEPTHWISE_CONV_2D,
                                         Backend::kXnnpack, Supports, Prepare,
                                         RunConvNode<Params>, BindConvNode<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
