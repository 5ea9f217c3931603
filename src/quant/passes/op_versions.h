// Operator versions after quantization, following TFLite's rules
// (tensorflow/lite/tools/versioning/op_version.cc) for the ops the pose models use: a runtime
// refuses an int8 CONV_2D marked version 1. Each opcode gets the highest version any of its
// operators needs (an opcode entry is shared by all operators of that type).
#pragma once

#include "edgepose/model.h"

namespace edgepose::quant {

// Version one operator of subgraph 0 needs, from its tensors' types and its options.
int RequiredVersion(const tfl::ModelT& model, const tfl::OperatorT& op);

// Sets every opcode's version to the maximum RequiredVersion over its operators (never lowers
// an opcode below the version it had).
void UpdateOperatorVersions(tfl::ModelT& model);

}  // namespace edgepose::quant
