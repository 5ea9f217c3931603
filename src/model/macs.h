// Multiply-accumulate counts from the tensor shapes stored in the file (no execution).
//
//   CONV_2D            N·out_h·out_w·out_c · k_h·k_w·filter_in_c   (filter_in_c = in_c / groups)
//   DEPTHWISE_CONV_2D  N·out_h·out_w·out_c · k_h·k_w
//   FULLY_CONNECTED    output elements · in_features               (= batch·units·in_features)
//   TRANSPOSE_CONV     N·in_h·in_w·in_c · k_h·k_w·out_c
//   BATCH_MATMUL       output elements · contracted dim
// Every other op counts 0: elementwise ops (ADD, MUL, ...) do no multiply-accumulate, and
// counting them would mix units. Unknown or dynamic (-1) shapes also count 0.
#pragma once

#include <cstdint>

#include "edgepose/tflite_schema_generated.h"

namespace edgepose::model {

int64_t OperatorMacs(const tfl::ModelT& model, int subgraph, int op_index);
int64_t SubgraphMacs(const tfl::ModelT& model, int subgraph);

}  // namespace edgepose::model
