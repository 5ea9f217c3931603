#include "quant/passes/saturation_ranges.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"

namespace edgepose::quant {
namespace {

constexpr float kUnbounded = std::numeric_limits<float>::infinity();

std::optional<Range> ClampOf(tfl::ActivationFunctionType activation) {
  switch (activation) {
    case tfl::ActivationFunctionType_RELU: return Range{0.f, kUnbounded};
    case tfl::ActivationFunctionType_RELU6: return Range{0.f, 6.f};
    case tfl::ActivationFunctionType_RELU_N1_TO_1: return Range{-1.f, 1.f};
    default: return std::nullopt;
  }
}

// The range a tensor's integer params will cover: an op that keeps its input's params (PAD,
// MAX_POOL_2D, RESHAPE, ...) passes on the range of that input, not its own calibrated one.
std::optional<Range> QuantizedRange(const tfl::ModelT& model, const std::vector<int>& producer, int tensor,
                                    const std::map<int, Range>& ranges) {
  const auto it = ranges.find(ParamsSource(model, producer, tensor));
  if (it == ranges.end()) return std::nullopt;
  return it->second;
}

double Logit(double p) { return std::log(p / (1.0 - p)); }

// A convolution or fully connected layer without a fused activation: it can write any value, so
// a range it feeds may be widened as well as narrowed.
bool WritesUnclampedValues(const tfl::OperatorT& op) {
  const auto& options = op.builtin_options;
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_RELU;  // other ops: not widened
  if (const auto* conv = options.AsConv2DOptions()) activation = conv->fused_activation_function;
  if (const auto* depthwise = options.AsDepthwiseConv2DOptions()) activation = depthwise->fused_activation_function;
  if (const auto* dense = options.AsFullyConnectedOptions()) activation = dense->fused_activation_function;
  return activation == tfl::ActivationFunctionType_NONE;
}

// The part of `tensor`'s values that the ADD or LOGISTIC `op` can tell apart, or nullopt when it
// needs all.
std::optional<Range> UsefulPart(const tfl::ModelT& model, const std::vector<int>& producer, const tfl::OperatorT& op,
                                int tensor, const std::map<int, Range>& ranges, DType activation_type) {
  if (OperatorOf(model, op) == tfl::BuiltinOperator_LOGISTIC) return LogisticInputDomain(activation_type);
  if (OperatorOf(model, op) != tfl::BuiltinOperator_ADD || op.inputs.size() != 2) return std::nullopt;
  const auto* options = op.builtin_options.AsAddOptions();
  if (options == nullptr) return std::nullopt;
  const std::optional<Range> clamp = ClampOf(options->fused_activation_function);
  if (!clamp) return std::nullopt;
  const int other = op.inputs[0] == tensor ? op.inputs[1] : op.inputs[0];
  if (other == tensor) return std::nullopt;  // a + a
  const std::optional<Range> other_range = QuantizedRange(model, producer, other, ranges);
  if (!other_range) return std::nullopt;  // a constant or uncalibrated operand: keep all
  return Range{clamp->min - other_range->max, clamp->max - other_range->min};
}

}  // namespace

Range LogisticInputDomain(DType activation_type) {
  const AffineParams out = FixedOutputParams(tfl::BuiltinOperator_LOGISTIC, activation_type);
  int32_t qmin = 0, qmax = 0;  // a probability never takes the codes below the zero point
  ActivationTypeRange(activation_type, &qmin, &qmax);
  // The output leaves the zero point's code at half a step of probability and reaches its top code
  // half a step below that code's probability (or below 1, if that is lower). The domain ends a
  // quarter step inside those, so its own endpoints round to the end codes, not half-way.
  const double top_code = std::min<double>(qmax, static_cast<double>(out.zero_point) + 1.0 / out.scale);
  const double lowest = 0.25 * out.scale;
  const double highest = (top_code - static_cast<double>(out.zero_point) - 0.25) * out.scale;
  return Range{static_cast<float>(Logit(lowest)), static_cast<float>(Logit(highest))};
}

std::map<int, Range> FitRangesToSaturatingReaders(const tfl::ModelT& model, std::map<int, Range>& ranges,
                                                  DType activation_type) {
  std::map<int, Range> narrowed;
  if (model.subgraphs.empty()) return narrowed;
  const auto& sg = *model.subgraphs[0];
  std::vector<std::vector<int>> readers(sg.tensors.size());  // operator indices
  for (size_t i = 0; i < sg.operators.size(); ++i)
    for (int32_t input : sg.operators[i]->inputs)
      if (input >= 0 && static_cast<size_t>(input) < readers.size()) readers[input].push_back(static_cast<int>(i));
  const std::vector<int> producer = ProducersOf(model);
  // LOGISTICs whose probabilities the model reports (directly or through ops keeping params).
  std::vector<bool> reported(sg.operators.size(), false);
  for (int32_t output : sg.outputs) {
    if (output < 0 || static_cast<size_t>(output) >= producer.size()) continue;
    const int op = producer[ParamsSource(model, producer, output)];
    if (op >= 0 && OperatorOf(model, *sg.operators[op]) == tfl::BuiltinOperator_LOGISTIC) reported[op] = true;
  }

  // In place, one tensor at a time: each narrowing is exact given the ranges at that moment, so
  // when both operands of one ADD are narrowable the second sees the first's narrowed range.
  for (auto& [tensor, range] : ranges) {
    if (tensor < 0 || static_cast<size_t>(tensor) >= readers.size() || readers[tensor].empty()) continue;
    if (std::find(sg.outputs.begin(), sg.outputs.end(), tensor) != sg.outputs.end()) continue;
    // Only where this tensor's own range sets its params (not a graph input, not an op that keeps
    // its input's params or has fixed ones): elsewhere a narrower range would change nothing.
    const int p = producer[tensor];
    if (p < 0) continue;
    const ParamRule rule = RuleFor(OperatorOf(model, *sg.operators[p])).params;
    if (rule != ParamRule::kFromRange && rule != ParamRule::kAllInputsSameAsOutput) continue;
    std::optional<Range> useful;
    bool all_saturating = true, all_reported_probabilities = true;
    for (const int reader : readers[tensor]) {
      all_reported_probabilities = all_reported_probabilities && reported[reader];
      const std::optional<Range> part =
          UsefulPart(model, producer, *sg.operators[reader], tensor, ranges, activation_type);
      if (!part) {
        all_saturating = false;
        break;
      }
      useful = useful ? Range{std::min(useful->min, part->min), std::max(useful->max, part->max)} : *part;
    }
    if (!all_saturating || !useful) continue;
    // A reported probability gets the whole span its integer output can show, whatever the
    // calibration inputs covered: calibrated on images that all hold a person, a presence logit
    // never goes below 0 and the int8 probability could never fall below 0.5.
    if (all_reported_probabilities && WritesUnclampedValues(*sg.operators[p])) {
      if (range.min != useful->min || range.max != useful->max) narrowed[tensor] = range = *useful;
      continue;
    }
    const Range tighter{std::max(range.min, useful->min), std::min(range.max, useful->max)};
    if (tighter.min <= range.min && tighter.max >= range.max) continue;
    if (tighter.min > tighter.max) continue;  // the ADD saturates whatever this tensor holds: leave it
    range = tighter;
    narrowed[tensor] = tighter;
  }
  return narrowed;
}

}  // namespace edgepose::quant
