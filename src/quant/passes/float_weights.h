// Float weights: the quantizer starts from plain FLOAT32 constants (model::FoldConstants expands
// MediaPipe's FLOAT16 DEQUANTIZE and DENSIFY weights), refuses models already quantized, and the
// float16 mode writes weights back as FLOAT16 + DEQUANTIZE.
#pragma once

#include "edgepose/model.h"
#include "edgepose/status.h"

namespace edgepose::quant {

// Fails with "model is already quantized (tensor N "name" is INT8 with scales)" when any tensor
// of subgraph 0 is an integer tensor carrying quantization params, or a DEQUANTIZE has a
// non-float16 constant input.
Status CheckFloatModel(const tfl::ModelT& model);

// float16 mode: every FLOAT32 constant used by an operator is stored as FLOAT16 and expanded
// by a DEQUANTIZE (version 3) placed before the first operator, the form MediaPipe ships.
// Returns the number of constants converted. Leaves the FLOAT32 buffers for
// model::RemoveDeadTensors.
Result<int> ConvertWeightsToFloat16(tfl::ModelT& model);

}  // namespace edgepose::quant
