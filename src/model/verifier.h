// Structural checks on a TFLite IR, run on every load and after every pass, so that later
// code can index tensors, buffers, opcodes and subgraphs without re-checking.
//
// Checked: every opcode, tensor (operator inputs, outputs, intermediates; -1 only for
// optional inputs), buffer, metadata and subgraph index in range; non-negative shapes;
// constant buffer sizes against shape x dtype size (sparse tensors against their stored
// value count); quantization (scale and zero_point of equal length, 1 or shape[dim], dim <
// rank); sparsity (see sparsity.h); no data outside the flatbuffer (the > 2 GB format).
// Messages have no file name: Model prefixes it.
#pragma once

#include "edgepose/status.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose::model {

Status VerifyModelIr(const tfl::ModelT& model);

}  // namespace edgepose::model
