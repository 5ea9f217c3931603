// CONCATENATION params and Prepare, shared by the reference and optimized kernels.
#pragma once

#include <vector>

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"

namespace edgepose::kernels::reference {

struct ConcatenationParams {
  int axis = 0;                    // normalized to [0, rank)
  int64_t outer = 1;               // product of the dims before axis
  int64_t inner = 1;               // product of the dims after axis
  std::vector<int64_t> axis_dims;  // each input's extent along axis
  FloatRange range;                // fused activation (float only)
  bool clamp = false;              // the range is not (-inf, inf)
  // Quantized: inputs whose (scale, zero point) differ from the output's are requantized as
  // TFLite's ConcatenationWithScaling does (float scale and bias, round, clamp).
  std::vector<bool> requantize;
  std::vector<float> input_scale, input_zero_point;
  float output_scale = 1.f;
  int32_t output_zero_point = 0;
};

Result<ConcatenationParams> PrepareConcatenation(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
