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

bool Supports(const runtime::NodeContext& node) { return SupportsConvNode(node, /*filter_quant_dim=*/3); }

// One group per input channel with one input and M output channels.
void SetGroups(const Params& p, const Tensor& input, const Tensor&, ConvGeometry* geometry) {
  geometry->groups = static_cast<uint32_t>(input.dim(3));
  geometry->group_input_channels = 1;
  geometry->group_output_channels = static_cast<size_t>(p.depth_multiplier);
  geometry->depthwise_layout = true;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  return PrepareConvNode<Params>(node, reference::PrepareDepthwiseConv2D, SetGroups);
}

}  // namespace

const runtime::KernelDef& DepthwiseConv2DKernel() {
  static const runtime::KernelDef kernel{"xnnpack/DEPTHWISE_CONV_2D", tfl::BuiltinOperator_DEPTHWISE_CONV_2D,
                                         Backend::kXnnpack, Supports, Prepare,
                                         RunConvNode<Params>, BindConvNode<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
