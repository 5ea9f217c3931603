#include "quant/passes/saturation_ranges.h"

#include <algorithm>
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

// The part of `tensor`'s values that the ADD `op` can tell apart, or nullopt when it needs all.
std::optional<Range> UsefulPart(const tfl::ModelT& model, const std::vector<int>& producer, const tfl::OperatorT& op,
                                int tensor, const std::map<int, Range>& ranges) {
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

std::map<int, Range> NarrowRangesBeforeSaturation(const tfl::ModelT& model, std::map<int, Range>& ranges) {
  std::map<int, Range> narrowed;
  if (model.subgraphs.empty()) return narrowed;
  const auto& sg = *model.subgraphs[0];
  std::vector<std::vector<const tfl::OperatorT*>> readers(sg.tensors.size());
  for (const auto& op : sg.operators)
    for (int32_t input : op->inputs)
      if (input >= 0 && static_cast<size_t>(input) < readers.size()) readers[input].push_back(op.get());
  const std::vector<int> producer = ProducersOf(model);

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
    bool all_saturating = true;
    for (const tfl::OperatorT* op : readers[tensor]) {
      const std::optional<Range> part = UsefulPart(model, producer, *op, tensor, ranges);
      if (!part) {
        all_saturating = false;
        break;
      }
      useful = useful ? Range{std::min(useful->min, part->min), std::max(useful->max, part->max)} : *part;
    }
    if (!all_saturating || !useful) continue;
    const Range tighter{std::max(range.min, useful->min), std::min(range.max, useful->max)};
    if (tighter.min <= range.min && tighter.max >= range.max) continue;
    if (tighter.min > tighter.max) continue;  // the ADD saturates whatever this tensor holds: leave it
    range = tighter;
    narrowed[tensor] = tighter;
  }
  return narrowed;
}

}  // namespace edgepose::quant
