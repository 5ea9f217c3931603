// ADD and SUB share everything but the sign: broadcasting, fused activation, and for
// INT8 / UINT8 / INT16 TFLite's rescale-to-a-common-scale integer arithmetic
// (tensorflow/lite/kernels/add.cc and sub.cc run the same maths).
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/quantized_binary.h"

namespace edgepose::kernels {

struct AddSubParams {
  BinaryParams binary;           // broadcast plan and fused-activation clamp
  QuantizedAddParams quantized;  // INT8 / UINT8 / INT16 only
};

Result<AddSubParams> PrepareAddSub(runtime::NodeContext& node, tfl::ActivationFunctionType activation,
                                   bool pot_scale_int16);
Status EvalAddSub(const runtime::NodeContext& node, const AddSubParams& params, bool subtract);

}  // namespace edgepose::kernels
