// TRANSPOSE_CONV params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

inline constexpr int kTransposeConvOutputShape = 0;
inline constexpr int kTransposeConvWeights = 1;
inline constexpr int kTransposeConvInput = 2;
inline constexpr int kTransposeConvBias = 3;  // optional, op version >= 3

struct TransposeConvParams {
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0;
  FloatRange range;
  RequantizeParams quant;  // integer inputs only
};

Result<TransposeConvParams> PrepareTransposeConv(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
