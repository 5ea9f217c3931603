// The float -> integer rewrite of subgraph 0 (full-integer modes): given calibrated ranges of the
// activation tensors, quantize weights (symmetric int8, per channel), biases (int32 / int64),
// activations (int8 asymmetric or int16 symmetric) with the params each op's integer kernel needs
// (op_rules.h), insert QUANTIZE / DEQUANTIZE where float and integer parts meet and at the model
// edges, apply head treatments, and raise operator versions.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"
#include "quant/layer_stats.h"
#include "quant/observers/range_observer.h"
#include "quant/passes/weight_rounding.h"

namespace edgepose::quant {

enum class IoType { kFloat, kInt8, kUInt8 };

// How one packed output head is quantized.
enum class HeadTreatment {
  kDefault,  // the mode's activation type
  kInt16,    // the ops from the last compute op to the output run 16x8 (int16 output)
  kFloat,    // those ops stay float (not allowed with integer-only I/O)
};

struct QuantizeGraphOptions {
  DType activation_type = DType::kInt8;  // kInt8 or kInt16 (16x8)
  IoType io = IoType::kFloat;
  bool per_channel = true;
  // Ops kept float: operator names ("CONV_2D"), tensor names (the op producing it) or node
  // indices ("#17"). Not allowed with integer-only I/O.
  std::set<std::string> keep_float;
  // Mixed precision in the int8 modes: ops that run 16x8 (int16 activations, int8 weights). An
  // operator name or "#node" selects that op; a tensor name keeps that tensor in int16, so its
  // producer and every reader run 16x8 (QUANTIZE ops convert at the int8 borders).
  std::set<std::string> int16;
  // Model output names: every op whose results reach only these outputs runs 16x8 (e.g. the
  // regression branch of pose_landmark: Identity, Identity_1, Identity_4).
  std::set<std::string> int16_branch;
  std::optional<Range> input_range;  // the model's real input range (camera-byte params)
  std::map<std::string, HeadTreatment> heads;  // output tensor name -> treatment
  // Input statistics per operator index (layer_stats.h): the weights of ops with an entry are
  // rounded and their bias corrected as `rounding` says (weight_rounding.h); the others, and
  // every op when this is null, get nearest rounding.
  const std::map<int, LayerStats>* layer_stats = nullptr;
  WeightRoundingOptions rounding;
};

struct QuantizeGraphSummary {
  int quantized_ops = 0;
  int float_ops = 0;
  int inserted_quantize = 0;
  int inserted_dequantize = 0;
  std::vector<std::string> notes;  // one line each: ops kept float and why, input params chosen
};

// `ranges` maps subgraph-0 tensor indices (as the interpreter reports them) to calibrated ranges.
// The model must already hold plain FLOAT32 constants (model::FoldConstants); the replaced float
// weights stay behind for model::RemoveDeadTensors.
Result<QuantizeGraphSummary> QuantizeGraph(tfl::ModelT& model, const std::map<int, Range>& ranges,
                                           const QuantizeGraphOptions& options);

const char* HeadTreatmentName(HeadTreatment treatment);
Result<HeadTreatment> ParseHeadTreatment(const std::string& name);  // int8|int16|float

}  // namespace edgepose::quant
