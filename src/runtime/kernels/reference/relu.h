// RELU, RELU6 and RELU_N1_TO_1: one clamp, three ranges. Params and Prepare shared by the
// three reference kernels (relu.cc, relu6.cc, relu_n1_to_1.cc) and the optimized ones.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

struct ReluParams {
  FloatRange range;  // RELU [0, inf), RELU6 [0, 6], RELU_N1_TO_1 [-1, 1]
  // INT8 / UINT8 / INT16: out = clamp(zo + (q - zi) * si / so) to the range quantized at the output.
  int32_t input_zero_point = 0, output_zero_point = 0;
  QuantizedMultiplier multiplier;
  int32_t act_min = 0, act_max = 0;
};

// The range follows node.op.
Result<ReluParams> PrepareRelu(runtime::NodeContext& node);

// The KernelDef entry points the three registrations share.
Result<runtime::KernelParams> PrepareReluKernel(runtime::NodeContext& node);
Status EvalRelu(const runtime::NodeContext& node, runtime::KernelParams& state);

}  // namespace edgepose::kernels::reference
