// `dynamic` mode (TFLite's dynamic-range quantization): the weights of CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED become int8, symmetric, per output channel
// (quantized_dimension 0, 3 for depthwise); bias, activations and model I/O stay float. The
// kernels then quantize their input on the fly (runtime/kernels/common/hybrid.h; TFLite's hybrid
// kernels). No calibration. FULLY_CONNECTED gets asymmetric_quantize_inputs = true so that TFLite
// quantizes its input like the convolutions (asymmetric, per batch).
#pragma once

#include "edgepose/model.h"
#include "edgepose/status.h"

namespace edgepose::quant {

// Returns the number of ops whose weights were quantized.
Result<int> QuantizeWeightsDynamic(tfl::ModelT& model);

}  // namespace edgepose::quant
