// CONV_2D params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/accumulating.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

inline constexpr int kConv2DInput = 0;
inline constexpr int kConv2DFilter = 1;
inline constexpr int kConv2DBias = 2;  // optional (-1)

struct Conv2DParams : ConvWindow {
  FloatRange range;   // fused activation (float)
  int groups = 1;     // input channels / filter input channels
  RequantizeParams quant;  // integer inputs only
};

Result<Conv2DParams> PrepareConv2D(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
