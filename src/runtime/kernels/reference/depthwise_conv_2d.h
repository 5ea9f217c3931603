// DEPTHWISE_CONV_2D params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/accumulating.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

inline constexpr int kDepthwiseInput = 0;
inline constexpr int kDepthwiseFilter = 1;
inline constexpr int kDepthwiseBias = 2;  // optional (-1)

struct DepthwiseConv2DParams : ConvWindow {
  int depth_multiplier = 1;  // output channels per input channel, from the shapes
  FloatRange range;
  RequantizeParams quant;  // integer inputs only
};

Result<DepthwiseConv2DParams> PrepareDepthwiseConv2D(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
