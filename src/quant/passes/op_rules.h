// What the TFLite integer kernels require of each operator's quantization (the converter's op
// properties, tensorflow/lite/tools/optimize/operator_property.cc, and the kernels' Prepare
// checks): which ops have integer kernels per activation type, which must keep the input's
// params on their output, which have fixed output params, where the weights and bias are.
#pragma once

#include <optional>

#include "edgepose/model.h"
#include "edgepose/tensor.h"
#include "quant/quant_params.h"

namespace edgepose::quant {

enum class ParamRule {
  kFromRange,   // output params from its calibrated range
  kSameAsInput, // output (and input 0) share params: RESHAPE, PAD, MAX_POOL_2D, RESIZE_*, ...
  kAllInputsSameAsOutput,  // every activation input requantized to the output's params (CONCATENATION)
  kFixed,       // LOGISTIC, TANH, SOFTMAX
};

struct OpRule {
  bool int8 = false;   // TFLite has an int8 kernel
  bool int16 = false;  // TFLite has an int16 (16x8 for conv-like) kernel
  ParamRule params = ParamRule::kFromRange;
  int weights_input = -1;      // per-channel symmetric int8 weights
  int weights_channel_dim = 0; // quantized_dimension of the weights
  int bias_input = -1;         // int32 (int64 with int16 activations) bias
};

OpRule RuleFor(tfl::BuiltinOperator op);

// The fixed output params of a kFixed op for activation type int8 or int16.
AffineParams FixedOutputParams(tfl::BuiltinOperator op, DType type);

}  // namespace edgepose::quant
