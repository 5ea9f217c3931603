#include "quant/passes/quantize_graph.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/tensor_utils.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"
#include "quant/passes/op_versions.h"
#include "quant/quant_params.h"

namespace edgepose::quant {

const char* HeadTreatmentName(HeadTreatment treatment) {
  switch (treatment) {
    case HeadTreatment::kInt16: return "int16";
    case HeadTreatment::kFloat: return "float";
    case HeadTreatment::kDefault: break;
  }
  return "default";
}

Result<HeadTreatment> ParseHeadTreatment(const std::string& name) {
  if (name == "int8" || name == "default") return HeadTreatment::kDefault;
  if (name == "int16") return HeadTreatment::kInt16;
  if (name == "float") return HeadTreatment::kFloat;
  return MakeError("head treatment '" + name + "': expected int8, int16 or float");
}

namespace {

constexpr DType kFloat = DType::kFloat32;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

class Rewriter {
 public:
  Rewriter(tfl::ModelT& model, const std::map<int, Range>& ranges, const QuantizeGraphOptions& options)
      : model_(model), sg_(*model.subgraphs[0]), ranges_(ranges), options_(options) {}

  Result<QuantizeGraphSummary> Run();

 private:
  std::string NodeLabel(size_t i) const {
    return "node " + std::to_string(i) + " (" + OpName(op_codes_[i]) + ")";
  }
  bool Valid(int32_t t) const { return t >= 0 && static_cast<size_t>(t) < sg_.tensors.size(); }
  bool IsActivation(int32_t t) const { return Valid(t) && !IsConstant(model_, *sg_.tensors[t]); }
  Result<Range> RangeOf(int32_t t) const;
  Status Classify();
  Status MarkHeads(std::vector<DType>& requested);
  Status MarkInt16(std::vector<DType>& requested);
  Result<std::vector<bool>> BranchOps() const;
  Result<int32_t> As(int32_t t, DType want, std::optional<AffineParams> want_params);
  Result<AffineParams> ConvertedParams(int32_t t, DType have, DType want);
  Status QuantizeOp(size_t i, tfl::OperatorT& op, DType type);
  Status QuantizeWeightsAndBias(size_t i, tfl::OperatorT& op, const OpRule& rule, DType type);
  int32_t QuantizedConstant(int32_t t, DType type);
  Status FinishOutputs();
  void SetType(int32_t t, DType type, const AffineParams& params) {
    sg_.tensors[t]->type = ToTensorType(type);
    SetQuantization(*sg_.tensors[t], params);
    type_[t] = type;
  }

  tfl::ModelT& model_;
  tfl::SubGraphT& sg_;
  const std::map<int, Range>& ranges_;
  const QuantizeGraphOptions& options_;
  QuantizeGraphSummary summary_;
  std::vector<tfl::BuiltinOperator> op_codes_;  // per original op (operators move during the rewrite)
  std::vector<DType> op_type_;   // per original op: kFloat32 (kept float), kInt8 or kInt16
  std::vector<DType> type_;      // per tensor, as rewritten so far
  std::vector<int> producer_;    // per tensor: original op index or -1
  std::vector<int> params_source_;  // per original tensor: ParamsSource (op_rules.h) before the rewrite
  std::vector<std::unique_ptr<tfl::OperatorT>> emitted_;
  std::map<std::tuple<int32_t, DType, float, int64_t>, int32_t> conversions_;
};

Result<Range> Rewriter::RangeOf(int32_t t) const {
  if (options_.input_range && std::find(sg_.inputs.begin(), sg_.inputs.end(), t) != sg_.inputs.end())
    return *options_.input_range;
  // A tensor that inherits its params was not calibrated (op_rules.h): its source's range holds it.
  auto it = ranges_.find(t);
  if (it == ranges_.end() && static_cast<size_t>(t) < params_source_.size()) it = ranges_.find(params_source_[t]);
  if (it == ranges_.end())
    return MakeError(model::TensorLabel(0, t, *sg_.tensors[t]) + ": no calibration statistics");
  return it->second;
}

Status Rewriter::MarkHeads(std::vector<DType>& requested) {
  for (const auto& [name, treatment] : options_.heads) {
    if (treatment == HeadTreatment::kDefault) continue;
    auto it = std::find_if(sg_.outputs.begin(), sg_.outputs.end(),
                           [&](int32_t t) { return Valid(t) && sg_.tensors[t]->name == name; });
    if (it == sg_.outputs.end()) return MakeError("head '" + name + "': no model output has that name");
    if (treatment == HeadTreatment::kFloat && options_.io != IoType::kFloat)
      return MakeError("head '" + name + "': a float head needs float model I/O (--mode int8 or int16x8)");
    const DType type = treatment == HeadTreatment::kInt16 ? DType::kInt16 : kFloat;
    // Walk back from the output through ops that only move or select values (shared params,
    // CONCATENATION: all their inputs) up to and including the ops that compute values, so the
    // treatment covers the head's last compute op(s), not only a final RESHAPE.
    std::vector<int32_t> pending = {*it};
    while (!pending.empty()) {
      const int32_t t = pending.back();
      pending.pop_back();
      if (!Valid(t) || producer_[t] < 0 || requested[producer_[t]] == type) continue;
      const int p = producer_[t];
      requested[p] = type;
      const auto& op = *sg_.operators[p];
      const ParamRule params = RuleFor(OperatorOf(model_, op)).params;
      if (params == ParamRule::kSameAsInput && !op.inputs.empty()) pending.push_back(op.inputs[0]);
      if (params == ParamRule::kAllInputsSameAsOutput)
        for (int32_t input : op.inputs)
          if (IsActivation(input)) pending.push_back(input);
    }
    summary_.notes.push_back("head " + name + ": " + HeadTreatmentName(treatment));
  }
  return Ok();
}

// The ops whose results reach model outputs, all of them in options_.int16_branch (ops run in
// graph order, so a reverse pass sees every reader of a tensor before its producer).
Result<std::vector<bool>> Rewriter::BranchOps() const {
  const size_t n = sg_.operators.size();
  std::vector<bool> in_branch(n, false);
  if (options_.int16_branch.empty()) return in_branch;
  std::vector<int> tensor_reach(sg_.tensors.size(), 0);  // 0 none, 1 only branch outputs, 2 some other output
  std::set<std::string> unmatched = options_.int16_branch;
  for (int32_t t : sg_.outputs) {
    if (!Valid(t)) continue;
    const bool listed = options_.int16_branch.count(sg_.tensors[t]->name) > 0;
    unmatched.erase(sg_.tensors[t]->name);
    tensor_reach[t] = listed ? 1 : 2;
  }
  if (!unmatched.empty())
    return MakeError("--int16-branch '" + *unmatched.begin() + "': no model output has that name");
  for (size_t i = n; i-- > 0;) {
    int reach = 0;
    for (int32_t t : sg_.operators[i]->outputs)
      if (Valid(t)) reach = std::max(reach, tensor_reach[t]);
    in_branch[i] = reach == 1;
    for (int32_t t : sg_.operators[i]->inputs)
      if (IsActivation(t)) tensor_reach[t] = std::max(tensor_reach[t], reach);
  }
  return in_branch;
}

Status Rewriter::MarkInt16(std::vector<DType>& requested) {
  if (options_.int16.empty() && options_.int16_branch.empty()) return Ok();
  if (options_.activation_type != DType::kInt8) return MakeError("--int16 applies to the int8 modes only");
  EP_ASSIGN_OR_RETURN(const std::vector<bool> in_branch, BranchOps());
  std::set<std::string> unmatched = options_.int16;
  for (size_t i = 0; i < sg_.operators.size(); ++i) {
    const auto& op = *sg_.operators[i];
    const std::string name = OpName(op_codes_[i]), node = "#" + std::to_string(i);
    bool mark = options_.int16.count(name) || options_.int16.count(node);
    unmatched.erase(name);
    unmatched.erase(node);
    for (const auto* tensors : {&op.inputs, &op.outputs})
      for (int32_t t : *tensors)
        if (IsActivation(t) && options_.int16.count(sg_.tensors[t]->name)) {
          mark = true;
          unmatched.erase(sg_.tensors[t]->name);
        }
    if ((mark || in_branch[i]) && requested[i] != kFloat) requested[i] = DType::kInt16;
  }
  if (!unmatched.empty())
    return MakeError("--int16 '" + *unmatched.begin() + "': no op, #node or activation tensor of that name");
  summary_.notes.push_back(std::to_string(std::count(requested.begin(), requested.end(), DType::kInt16)) +
                           " ops run 16x8 (--int16, --int16-branch and int16 heads)");
  return Ok();
}

Status Rewriter::Classify() {
  const size_t n = sg_.operators.size();
  std::vector<DType> requested(n, options_.activation_type);
  EP_RETURN_IF_ERROR(MarkHeads(requested));
  EP_RETURN_IF_ERROR(MarkInt16(requested));
  op_type_.assign(n, kFloat);
  for (size_t i = 0; i < n; ++i) {
    const auto& op = *sg_.operators[i];
    const tfl::BuiltinOperator code = OperatorOf(model_, op);
    const OpRule rule = RuleFor(code);
    std::string why;
    bool keep = options_.keep_float.count(OpName(code)) > 0 || options_.keep_float.count("#" + std::to_string(i)) > 0;
    for (int32_t t : op.outputs)
      if (Valid(t) && options_.keep_float.count(sg_.tensors[t]->name)) keep = true;
    const DType type = requested[i];
    if (keep) why = "kept float (--keep-float)";
    else if (type == kFloat) why = "kept float (head treatment)";
    else if (!(type == DType::kInt16 ? rule.int16 : rule.int8))
      why = std::string("no ") + (type == DType::kInt16 ? "int16" : "int8") + " kernel in TFLite";
    for (int32_t t : op.outputs)
      if (why.empty() && Valid(t) && sg_.tensors[t]->type != tfl::TensorType_FLOAT32) why = "non-float output";
    for (size_t j = 0; j < op.inputs.size() && why.empty(); ++j) {
      const int32_t t = op.inputs[j];
      if (!Valid(t)) continue;
      const bool constant = IsConstant(model_, *sg_.tensors[t]);
      if (static_cast<int>(j) == rule.weights_input && !(constant && sg_.tensors[t]->type == tfl::TensorType_FLOAT32))
        why = "weights are not a float constant";
      else if (!constant && sg_.tensors[t]->type != tfl::TensorType_FLOAT32)
        why = "non-float activation input";
    }
    if (why.empty()) {
      op_type_[i] = type;
      ++summary_.quantized_ops;
      continue;
    }
    if (options_.io != IoType::kFloat)
      return MakeError(NodeLabel(i) + ": " + why + "; integer-only I/O needs every op quantized");
    ++summary_.float_ops;
    summary_.notes.push_back(NodeLabel(i) + ": " + why);
  }
  return Ok();
}

Result<AffineParams> Rewriter::ConvertedParams(int32_t t, DType have, DType want) {
  const AffineParams current = TensorParams(*sg_.tensors[t]);
  if (have == DType::kUInt8 && want == DType::kInt8) return AffineParams{current.scale, current.zero_point - 128};
  if (have == DType::kInt8 && want == DType::kUInt8) return AffineParams{current.scale, current.zero_point + 128};
  auto range = RangeOf(t);
  if (range) return ChooseActivationParams(*range, want);
  if (have == kFloat) return tl::make_unexpected(range.error());
  int32_t qmin, qmax;  // no statistics (e.g. a shared-params tensor): the range `have` can hold
  ActivationTypeRange(have, &qmin, &qmax);
  return ChooseActivationParams({current.scale * static_cast<float>(qmin - current.zero_point),
                                 current.scale * static_cast<float>(qmax - current.zero_point)},
                                want);
}

Result<int32_t> Rewriter::As(int32_t t, DType want, std::optional<AffineParams> want_params) {
  const DType have = type_[t];
  const AffineParams current = TensorParams(*sg_.tensors[t]);
  if (have == want && (want == kFloat || !want_params ||
                       (want_params->scale == current.scale && want_params->zero_point == current.zero_point)))
    return t;
  const auto key = std::make_tuple(t, want, want_params ? want_params->scale : 0.f,
                                   want_params ? want_params->zero_point : int64_t{0});
  if (auto it = conversions_.find(key); it != conversions_.end()) return it->second;
  const std::string name = sg_.tensors[t]->name + "_" + Lower(DTypeName(want));
  const int32_t converted = AddTensor(sg_, name, sg_.tensors[t]->shape, ToTensorType(want));
  type_.push_back(kFloat);
  producer_.push_back(-1);
  if (want == kFloat) {
    emitted_.push_back(MakeOperator(model_, tfl::BuiltinOperator_DEQUANTIZE, {t}, {converted}));
    ++summary_.inserted_dequantize;
  } else {
    AffineParams params;
    if (want_params) {
      params = *want_params;
    } else {
      EP_ASSIGN_OR_RETURN(params, ConvertedParams(t, have, want));
    }
    SetType(converted, want, params);
    emitted_.push_back(MakeOperator(model_, tfl::BuiltinOperator_QUANTIZE, {t}, {converted}));
    ++summary_.inserted_quantize;
  }
  conversions_[key] = converted;
  return converted;
}

int32_t Rewriter::QuantizedConstant(int32_t t, DType type) {
  const auto& tensor = *sg_.tensors[t];
  const std::vector<float> values = ConstantFloats(model_, tensor);
  Range range{0.f, 0.f};
  if (!values.empty()) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    range = {*lo, *hi};
  }
  const AffineParams params = ChooseActivationParams(range, type);
  int32_t qmin, qmax;
  ActivationTypeRange(type, &qmin, &qmax);
  uint32_t buffer;
  if (type == DType::kInt16) {
    std::vector<int16_t> q(values.size());
    for (size_t i = 0; i < values.size(); ++i) q[i] = static_cast<int16_t>(QuantizeValue(values[i], params, qmin, qmax));
    buffer = AddBufferOf(model_, q);
  } else {
    std::vector<int8_t> q(values.size());
    for (size_t i = 0; i < values.size(); ++i) q[i] = static_cast<int8_t>(QuantizeValue(values[i], params, qmin, qmax));
    buffer = AddBufferOf(model_, q);
  }
  const int32_t result = AddTensor(sg_, tensor.name + "_" + Lower(DTypeName(type)), tensor.shape, ToTensorType(type), buffer);
  type_.push_back(type);
  producer_.push_back(-1);
  SetQuantization(*sg_.tensors[result], params);
  return result;
}

Status Rewriter::QuantizeWeightsAndBias(size_t i, tfl::OperatorT& op, const OpRule& rule, DType type) {
  if (rule.weights_input < 0 || static_cast<size_t>(rule.weights_input) >= op.inputs.size()) return Ok();
  const int32_t w = op.inputs[rule.weights_input];
  const auto& weights = *sg_.tensors[w];
  const std::vector<float> values = ConstantFloats(model_, weights);
  if (rule.weights_channel_dim >= static_cast<int>(weights.shape.size()))
    return MakeError(model::TensorLabel(0, w, weights) + ": weights rank too small for per-channel quantization");
  QuantizedWeights qw = QuantizeWeightsSymmetric(values.data(), weights.shape, rule.weights_channel_dim,
                                                 options_.per_channel);
  std::vector<float> bias_shift;  // bias correction, per output channel
  if (options_.layer_stats) {
    const auto stats = options_.layer_stats->find(static_cast<int>(i));
    if (stats != options_.layer_stats->end())
      EP_RETURN_IF_ERROR(WithContext(RoundLayerWeights(op_codes_[i], values, weights.shape, stats->second,
                                                       options_.rounding, &qw, &bias_shift),
                                     NodeLabel(i)));
  }
  const int32_t qw_tensor = AddTensor(sg_, weights.name + "_int8", weights.shape, tfl::TensorType_INT8,
                                      AddBufferOf(model_, qw.values));
  type_.push_back(DType::kInt8);
  producer_.push_back(-1);
  SetQuantization(*sg_.tensors[qw_tensor], qw.scales, std::vector<int64_t>(qw.scales.size(), 0), qw.quantized_dimension);
  op.inputs[rule.weights_input] = qw_tensor;

  if (rule.bias_input < 0 || static_cast<size_t>(rule.bias_input) >= op.inputs.size()) return Ok();
  const int32_t b = op.inputs[rule.bias_input];
  if (!Valid(b)) return Ok();
  const auto& bias = *sg_.tensors[b];
  std::vector<float> bias_values = ConstantFloats(model_, bias);
  if (bias_values.empty()) return MakeError(model::TensorLabel(0, b, bias) + ": bias is not a float constant");
  if (bias_shift.size() == bias_values.size())
    for (size_t c = 0; c < bias_values.size(); ++c) bias_values[c] += bias_shift[c];
  const float input_scale = TensorParams(*sg_.tensors[op.inputs[0]]).scale;
  std::vector<float> bias_scales(qw.scales.size());
  for (size_t c = 0; c < bias_scales.size(); ++c) bias_scales[c] = input_scale * qw.scales[c];
  const bool wide = type == DType::kInt16;
  const uint32_t buffer = wide ? AddBufferOf(model_, QuantizeBias64(bias_values.data(), bias_values.size(), input_scale, qw.scales))
                               : AddBufferOf(model_, QuantizeBias32(bias_values.data(), bias_values.size(), input_scale, qw.scales));
  const int32_t qb = AddTensor(sg_, bias.name + (wide ? "_int64" : "_int32"), bias.shape,
                               wide ? tfl::TensorType_INT64 : tfl::TensorType_INT32, buffer);
  type_.push_back(wide ? DType::kInt64 : DType::kInt32);
  producer_.push_back(-1);
  SetQuantization(*sg_.tensors[qb], bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0);
  op.inputs[rule.bias_input] = qb;
  return Ok();
}

Status Rewriter::QuantizeOp(size_t i, tfl::OperatorT& op, DType type) {
  const tfl::BuiltinOperator code = OperatorOf(model_, op);
  const OpRule rule = RuleFor(code);
  for (size_t j = 0; j < op.inputs.size(); ++j) {
    const int32_t t = op.inputs[j];
    if (!Valid(t) || static_cast<int>(j) == rule.weights_input || static_cast<int>(j) == rule.bias_input) continue;
    if (IsConstant(model_, *sg_.tensors[t])) {
      if (sg_.tensors[t]->type == tfl::TensorType_FLOAT32) op.inputs[j] = QuantizedConstant(t, type);
      continue;
    }
    if (rule.params == ParamRule::kAllInputsSameAsOutput) continue;  // after the output params
    EP_ASSIGN_OR_RETURN(op.inputs[j], As(t, type, std::nullopt));
  }
  for (int32_t out : op.outputs) {
    if (!Valid(out)) continue;
    AffineParams params;
    switch (rule.params) {
      case ParamRule::kSameAsInput: params = TensorParams(*sg_.tensors[op.inputs[0]]); break;
      case ParamRule::kFixed: params = FixedOutputParams(code, type); break;
      case ParamRule::kFromRange:
      case ParamRule::kAllInputsSameAsOutput: {
        auto range = RangeOf(out);
        if (!range) return MakeError(NodeLabel(i) + ": " + range.error().message);
        params = ChooseActivationParams(*range, type);
        break;
      }
    }
    SetType(out, type, params);
  }
  if (rule.params == ParamRule::kAllInputsSameAsOutput) {
    const AffineParams params = TensorParams(*sg_.tensors[op.outputs[0]]);
    for (auto& t : op.inputs)
      if (IsActivation(t)) {
        EP_ASSIGN_OR_RETURN(t, As(t, type, params));
      }
  }
  EP_RETURN_IF_ERROR(QuantizeWeightsAndBias(i, op, rule, type));
  if (type == DType::kInt16 && (code == tfl::BuiltinOperator_ADD || code == tfl::BuiltinOperator_SUB)) {
    // General int16 scales (not power-of-two) need pot_scale_int16 = false.
    if (code == tfl::BuiltinOperator_ADD) {
      if (!op.builtin_options.AsAddOptions()) op.builtin_options.Set(tfl::AddOptionsT{});
      op.builtin_options.AsAddOptions()->pot_scale_int16 = false;
    } else {
      if (!op.builtin_options.AsSubOptions()) op.builtin_options.Set(tfl::SubOptionsT{});
      op.builtin_options.AsSubOptions()->pot_scale_int16 = false;
    }
  }
  return Ok();
}

Status Rewriter::FinishOutputs() {
  for (auto& t : sg_.outputs) {
    if (!Valid(t)) continue;
    const DType have = type_[t];
    DType want = kFloat;
    if (options_.io == IoType::kInt8) want = have == DType::kInt16 ? have : DType::kInt8;
    if (options_.io == IoType::kUInt8) want = have == DType::kInt16 ? have : DType::kUInt8;
    if (have == want) continue;
    if (have == kFloat)
      return MakeError(model::TensorLabel(0, t, *sg_.tensors[t]) + ": output is float in an integer-only I/O model");
    EP_ASSIGN_OR_RETURN(const int32_t converted, As(t, want, std::nullopt));
    // The model output keeps its name; the internal tensor gets the suffix.
    sg_.tensors[converted]->name = sg_.tensors[t]->name;
    sg_.tensors[t]->name += "_" + Lower(DTypeName(have));
    t = converted;
  }
  return Ok();
}

Result<QuantizeGraphSummary> Rewriter::Run() {
  const size_t tensors = sg_.tensors.size();
  for (const auto& op : sg_.operators) op_codes_.push_back(OperatorOf(model_, *op));
  producer_ = ProducersOf(model_);
  params_source_.resize(tensors);
  for (size_t t = 0; t < tensors; ++t) params_source_[t] = ParamsSource(model_, producer_, static_cast<int>(t));
  type_.assign(tensors, kFloat);
  for (size_t t = 0; t < tensors; ++t)
    if (sg_.tensors[t]->type != tfl::TensorType_FLOAT32) type_[t] = static_cast<DType>(sg_.tensors[t]->type);
  EP_RETURN_IF_ERROR(Classify());

  if (options_.io != IoType::kFloat) {
    const DType io = options_.io == IoType::kInt8 ? DType::kInt8 : DType::kUInt8;
    for (int32_t t : sg_.inputs) {
      if (!Valid(t)) continue;
      AffineParams params;
      if (options_.input_range) {
        params = InputParamsForRange(*options_.input_range, io);
      } else {
        EP_ASSIGN_OR_RETURN(const Range range, RangeOf(t));
        params = ChooseActivationParams(range, io);
      }
      SetType(t, io, params);
      summary_.notes.push_back("input " + sg_.tensors[t]->name + ": " + DTypeName(io) + " scale " +
                               std::to_string(params.scale) + " zero point " + std::to_string(params.zero_point));
    }
  }
  std::vector<std::unique_ptr<tfl::OperatorT>> original = std::move(sg_.operators);
  for (size_t i = 0; i < original.size(); ++i) {
    auto& op = *original[i];
    if (op_type_[i] == kFloat) {
      for (auto& t : op.inputs)
        if (IsActivation(t) && type_[t] != kFloat) {
          EP_ASSIGN_OR_RETURN(t, As(t, kFloat, std::nullopt));
        }
    } else {
      EP_RETURN_IF_ERROR(QuantizeOp(i, op, op_type_[i]));
    }
    emitted_.push_back(std::move(original[i]));
  }
  EP_RETURN_IF_ERROR(FinishOutputs());
  sg_.operators = std::move(emitted_);
  UpdateOperatorVersions(model_);
  return summary_;
}

}  // namespace

Result<QuantizeGraphSummary> QuantizeGraph(tfl::ModelT& model, const std::map<int, Range>& ranges,
                                           const QuantizeGraphOptions& options) {
  if (model.subgraphs.size() != 1) return MakeError("quantization supports single-subgraph models only");
  if (options.activation_type != DType::kInt8 && options.activation_type != DType::kInt16)
    return MakeError("activation type must be INT8 or INT16");
  if (options.io != IoType::kFloat && !options.keep_float.empty())
    return MakeError("--keep-float needs float model I/O (--mode int8 or int16x8)");
  Rewriter rewriter(model, ranges, options);
  return rewriter.Run();
}

}  // namespace edgepose::quant
