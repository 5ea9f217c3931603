// What the TFLite integer kernels require of each operator's quantization (the converter's op
// properties, tensorflow/lite/tools/optimize/operator_property.cc, and the kernels' Prepare
// checks): which ops have integer kernels per activation type, which must keep the input's
// params on their output, which have fixed output params, where the weights and bias are.
#pragma once

#include <optional>
#include <set>
#include <vector>

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

// Per tensor of subgraph 0, the index of the operator writing it, or -1.
std::vector<int> ProducersOf(const tfl::ModelT& model);

// The tensor whose own range sets `tensor`'s params: the tensor itself, or, when an op that keeps
// its input's params (kSameAsInput) writes it, the source of that op's input 0, followed back.
int ParamsSource(const tfl::ModelT& model, const std::vector<int>& producers, int tensor);

// The outputs of kSameAsInput ops (subgraph 0). Their values are a subset, a reshuffle or convex
// combinations of their input's (and the zero a PAD adds, which every quantized range holds), so
// their own calibrated range is never needed: calibration skips them, and a quantized reader of
// one left float uses its ParamsSource's range.
std::set<int> TensorsWithInheritedParams(const tfl::ModelT& model);

}  // namespace edgepose::quant
