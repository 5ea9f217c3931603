// MEAN params and Prepare, shared by the reference kernel and the XNNPACK fast path.
#pragma once

#include <array>

#include "runtime/kernel.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

inline constexpr int kMeanInput = 0;
inline constexpr int kMeanAxes = 1;
inline constexpr size_t kMaxMeanRank = 6;

struct MeanParams {
  int rank = 0;
  std::array<bool, kMaxMeanRank> reduced{};  // per input dim
  int64_t reduced_count = 1;                 // elements averaged into each output
  bool keep_dims = false;
  QuantizedMultiplier rescale;  // input_scale / (output_scale * reduced_count), integer dtypes
};

Result<MeanParams> PrepareMean(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
