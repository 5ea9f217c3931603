// What CONV_2D and DEPTHWISE_CONV_2D share on XNNPACK: the support check, TFLite's padding turned
// into XNNPACK's explicit four sides, operator creation per dtype (or the narrow-channel path,
// narrow_conv.h), setup and run.
#pragma once

#include <optional>
#include <variant>

#include "runtime/kernel.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"
#include "runtime/kernels/xnnpack/float_pointwise.h"
#include "runtime/kernels/xnnpack/int16_conv.h"
#include "runtime/kernels/xnnpack/int8_gemm_conv.h"
#include "runtime/kernels/xnnpack/planar_depthwise.h"
#include "runtime/kernels/xnnpack/kernel_util.h"
#include "runtime/kernels/xnnpack/narrow_conv.h"

namespace edgepose::kernels::xnnpack {

// Float32 with constant float32 filter and bias; or int8 activations (per-tensor) with a constant
// int8 filter of zero point 0, per tensor or per channel along `filter_quant_dim`, and a constant
// int32 bias, and requantization scales XNNPACK accepts; or int16 activations (16x8) for groups 1
// and depth multiplier 1 (int16_conv.h). Anything else runs on the reference kernel.
bool SupportsConvNode(const runtime::NodeContext& node, int filter_quant_dim);

// The int8 half of that check, for any node laid out {input, filter, bias?} -> output (also
// FULLY_CONNECTED): per-tensor int8 activations, int8 filter with zero point 0 (per tensor or per
// channel along `filter_quant_dim`), int32 bias, and requantization scales XNNPACK accepts.
bool SupportsInt8WeightedNode(const runtime::NodeContext& node, int filter_quant_dim);

// Padding before comes from TFLite (Padding2D); padding after is whatever makes XNNPACK produce
// TFLite's output size, so SAME padding's odd pixel lands after as in TFLite.
void SetConvPadding(ConvGeometry& geometry, const Padding2D& padding, int in_h, int in_w);

// When input 0 comes from a PAD the convolution can absorb (pad_fusion.h), adds its padding to
// `geometry` and makes the node read the PAD's input. Call after SetConvPadding.
void AbsorbProducerPad(runtime::NodeContext& node, ConvGeometry& geometry);

// How one convolution node runs: an XNNPACK operator, or one of the own kernels: NarrowConv for
// float32 layers with few channels per pixel (narrow_conv.h), Int8GemmConv for int8 ones on CPUs with
// VNNI (int8_gemm_conv.h), the depthwise kernels (planar_depthwise.h), 16x8 (int16_conv.h) and float
// 1x1 on AVX-512 (float_pointwise.h).
struct ConvOp {
  Operator xnn;  // when `own` holds none of the own kernels
  std::variant<std::monostate, NarrowConv, Int8GemmConv, Int8DepthwiseConv, FloatDepthwiseConv, Int16Conv,
               FloatPointwiseConv>
      own;
};

// What a convolution kernel keeps per node: the reference kernel's Params and its ConvOp.
template <class Params>
struct ConvNodeState {
  Params params;
  ConvOp op;
};

// Creates the convolution for the node's dtype (f32 -- FloatDepthwiseConv when FloatDepthwiseApplies,
// else the narrow path when NarrowConvApplies, else FloatPointwiseConv when FloatPointwiseApplies --;
// int16 -- Int16Conv --; int8
// -- Int8GemmConv for groups 1 when Int8GemmConvApplies, else qc8 for per-channel, qs8 per-tensor).
Result<ConvOp> CreateConvForNode(const runtime::NodeContext& node, const ConvGeometry& geometry,
                                 const FloatRange& range, const RequantizeParams& quant);

// Setup with the final data pointers (input 0, output 0).
Status SetupConvForNode(const runtime::NodeContext& node, ConvOp& op);

// Runs the node's convolution.
Status RunConvForNode(const runtime::NodeContext& node, const ConvOp& op);

// Prepare of a convolution kernel: the reference kernel's `prepare` validates and gives Params
// (a ConvWindow with range and quant); `set_groups` fills the grouping of `geometry` (groups and
// channels per group, depthwise layout); the window, padding, PAD absorption and operator follow.
template <class Params>
Result<runtime::KernelParams> PrepareConvNode(
    runtime::NodeContext& node, Result<Params> (*prepare)(runtime::NodeContext&),
    void (*set_groups)(const Params& params, const Tensor& input, const Tensor& filter, ConvGeometry* geometry)) {
  ConvNodeState<Params> state;
  EP_ASSIGN_OR_RETURN(state.params, prepare(node));
  const Params& p = state.params;
  const Tensor& input = *node.inputs[0];
  const Tensor& filter = *node.inputs[1];
  ConvGeometry geometry;
  geometry.kernel_h = static_cast<uint32_t>(filter.dim(1));
  geometry.kernel_w = static_cast<uint32_t>(filter.dim(2));
  geometry.stride_h = static_cast<uint32_t>(p.stride_h);
  geometry.stride_w = static_cast<uint32_t>(p.stride_w);
  geometry.dilation_h = static_cast<uint32_t>(p.dilation_h);
  geometry.dilation_w = static_cast<uint32_t>(p.dilation_w);
  set_groups(p, input, filter, &geometry);
  SetConvPadding(geometry, p.padding, input.dim(1), input.dim(2));
  AbsorbProducerPad(node, geometry);
  EP_ASSIGN_OR_RETURN(state.op, CreateConvForNode(node, geometry, p.range, p.quant));
  return runtime::KernelParams::Make(std::move(state));
}

template <class Params>
Status BindConvNode(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return SetupConvForNode(node, state.as<ConvNodeState<Params>>().op);
}

template <class Params>
Status RunConvNode(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return RunConvForNode(node, state.as<ConvNodeState<Params>>().op);
}

}  // namespace edgepose::kernels::xnnpack
