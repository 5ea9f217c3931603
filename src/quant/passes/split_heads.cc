#include "quant/passes/split_heads.h"

#include <algorithm>
#include <sstream>

#include "model/passes/prune_outputs.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

Result<std::vector<int>> ParseComponents(const std::string& text, const std::string& spec) {
  std::vector<int> components;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    int lo = 0, hi = 0;
    char dash = 0;
    std::stringstream range(item);
    if (!(range >> lo)) return MakeError("--split '" + spec + "': bad component '" + item + "'");
    hi = lo;
    if (range >> dash && (dash != '-' || !(range >> hi)))
      return MakeError("--split '" + spec + "': bad component range '" + item + "'");
    for (int c = lo; c <= hi; ++c) components.push_back(c);
  }
  return components;
}

class Splitter {
 public:
  Splitter(tfl::ModelT& model) : model_(model), sg_(*model.subgraphs[0]) {
    producer_.assign(sg_.tensors.size(), -1);
    for (size_t i = 0; i < sg_.operators.size(); ++i)
      for (int32_t t : sg_.operators[i]->outputs)
        if (Valid(t)) producer_[t] = static_cast<int>(i);
  }

  // The group's version of tensor t (same shape but the last dim scaled by |group| / period).
  Result<int32_t> Clone(int32_t t, const SplitSpec& spec, const SplitGroup& group, const std::string& name);
  std::vector<std::unique_ptr<tfl::OperatorT>>& added() { return added_; }

 private:
  bool Valid(int32_t t) const { return t >= 0 && static_cast<size_t>(t) < sg_.tensors.size(); }
  std::string Label(int32_t t) const { return "tensor " + std::to_string(t) + " \"" + sg_.tensors[t]->name + "\""; }
  Result<int32_t> SplitCompute(const tfl::OperatorT& op, const SplitSpec& spec, const SplitGroup& group,
                               const std::vector<int32_t>& shape, const std::string& name);

  tfl::ModelT& model_;
  tfl::SubGraphT& sg_;
  std::vector<int> producer_;
  std::vector<std::unique_ptr<tfl::OperatorT>> added_;
};

// Keeps the rows (output channels, dim 0) c of `values` with c % period in group.
std::vector<float> GatherRows(const std::vector<float>& values, int rows, const SplitSpec& spec, const SplitGroup& group) {
  const size_t row_size = values.size() / rows;
  std::vector<float> out;
  for (int c = 0; c < rows; ++c)
    if (std::count(group.components.begin(), group.components.end(), c % spec.period))
      out.insert(out.end(), values.begin() + c * row_size, values.begin() + (c + 1) * row_size);
  return out;
}

Result<int32_t> Splitter::SplitCompute(const tfl::OperatorT& op, const SplitSpec& spec, const SplitGroup& group,
                                       const std::vector<int32_t>& shape, const std::string& name) {
  if (op.inputs.size() < 2 || !Valid(op.inputs[1]) || !IsConstant(model_, *sg_.tensors[op.inputs[1]]) ||
      sg_.tensors[op.inputs[1]]->type != tfl::TensorType_FLOAT32)
    return MakeError(Label(op.outputs[0]) + ": weights are not a float constant");
  const auto& weights = *sg_.tensors[op.inputs[1]];
  const int rows = weights.shape.empty() ? 0 : weights.shape[0];
  if (rows != shape.back()) return MakeError(Label(op.outputs[0]) + ": weights rows do not match the output channels");
  const int kept = rows / spec.period * static_cast<int>(group.components.size());
  auto new_op = std::make_unique<tfl::OperatorT>(op);
  std::vector<int32_t> w_shape = weights.shape;
  w_shape[0] = kept;
  new_op->inputs[1] = AddTensor(sg_, weights.name + "_" + group.label, w_shape, tfl::TensorType_FLOAT32,
                                AddBufferOf(model_, GatherRows(ConstantFloats(model_, weights), rows, spec, group)));
  if (op.inputs.size() > 2 && Valid(op.inputs[2])) {
    const auto& bias = *sg_.tensors[op.inputs[2]];
    if (bias.type != tfl::TensorType_FLOAT32 || !IsConstant(model_, bias))
      return MakeError(Label(op.outputs[0]) + ": bias is not a float constant");
    new_op->inputs[2] = AddTensor(sg_, bias.name + "_" + group.label, {kept}, tfl::TensorType_FLOAT32,
                                  AddBufferOf(model_, GatherRows(ConstantFloats(model_, bias), rows, spec, group)));
  }
  std::vector<int32_t> out_shape = shape;
  out_shape.back() = kept;
  const int32_t out = AddTensor(sg_, name, out_shape, tfl::TensorType_FLOAT32);
  new_op->outputs = {out};
  added_.push_back(std::move(new_op));
  return out;
}

Result<int32_t> Splitter::Clone(int32_t t, const SplitSpec& spec, const SplitGroup& group, const std::string& name) {
  const std::vector<int32_t> shape = sg_.tensors[t]->shape;
  if (shape.empty() || shape.back() % spec.period != 0)
    return MakeError(Label(t) + ": last dimension is not a multiple of the split period " + std::to_string(spec.period));
  if (producer_[t] < 0) return MakeError(Label(t) + ": not produced by an operator, cannot split");
  const tfl::OperatorT& op = *sg_.operators[producer_[t]];
  const tfl::BuiltinOperator code = OperatorOf(model_, op);
  std::vector<int32_t> out_shape = shape;
  out_shape.back() = shape.back() / spec.period * static_cast<int>(group.components.size());
  switch (code) {
    case tfl::BuiltinOperator_CONV_2D:
    case tfl::BuiltinOperator_FULLY_CONNECTED:
      return SplitCompute(op, spec, group, shape, name);
    case tfl::BuiltinOperator_RESHAPE: {
      if (op.inputs.empty() || !Valid(op.inputs[0])) return MakeError(Label(t) + ": RESHAPE without input");
      EP_ASSIGN_OR_RETURN(const int32_t input, Clone(op.inputs[0], spec, group, sg_.tensors[op.inputs[0]]->name + "_" + group.label));
      auto new_op = MakeOperator(model_, tfl::BuiltinOperator_RESHAPE, {input}, {});
      tfl::ReshapeOptionsT options;
      options.new_shape = out_shape;
      new_op->builtin_options.Set(options);
      if (op.inputs.size() > 1 && Valid(op.inputs[1])) {
        const int32_t dims = static_cast<int32_t>(out_shape.size());
        new_op->inputs.push_back(AddTensor(sg_, name + "_shape", {dims}, tfl::TensorType_INT32, AddBufferOf(model_, out_shape)));
      }
      const int32_t out = AddTensor(sg_, name, out_shape, tfl::TensorType_FLOAT32);
      new_op->outputs = {out};
      added_.push_back(std::move(new_op));
      return out;
    }
    case tfl::BuiltinOperator_CONCATENATION: {
      const auto* options = op.builtin_options.AsConcatenationOptions();
      const int rank = static_cast<int>(shape.size());
      const int axis = options ? (options->axis < 0 ? options->axis + rank : options->axis) : 0;
      if (axis == rank - 1) return MakeError(Label(t) + ": CONCATENATION along the split axis, cannot split");
      auto new_op = std::make_unique<tfl::OperatorT>(op);
      for (auto& input : new_op->inputs) {
        if (!Valid(input)) continue;
        EP_ASSIGN_OR_RETURN(input, Clone(input, spec, group, sg_.tensors[input]->name + "_" + group.label));
      }
      const int32_t out = AddTensor(sg_, name, out_shape, tfl::TensorType_FLOAT32);
      new_op->outputs = {out};
      added_.push_back(std::move(new_op));
      return out;
    }
    default:
      return MakeError(Label(t) + ": produced by " + std::string(tfl::EnumNameBuiltinOperator(code)) +
                       ", which the split cannot replay (CONV_2D, FULLY_CONNECTED, RESHAPE, CONCATENATION only)");
  }
}

}  // namespace

Result<SplitSpec> ParseSplitSpec(const std::string& text) {
  SplitSpec spec;
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return MakeError("--split '" + text + "': expected NAME=PERIOD/LABEL:C,C/...");
  spec.output = text.substr(0, eq);
  std::stringstream in(text.substr(eq + 1));
  std::string item;
  if (!std::getline(in, item, '/') || !(std::stringstream(item) >> spec.period) || spec.period < 1)
    return MakeError("--split '" + text + "': bad period '" + item + "'");
  std::vector<int> seen;
  while (std::getline(in, item, '/')) {
    SplitGroup group;
    const size_t colon = item.find(':');
    group.label = colon == std::string::npos ? "part" + std::to_string(spec.groups.size()) : item.substr(0, colon);
    EP_ASSIGN_OR_RETURN(group.components,
                        ParseComponents(colon == std::string::npos ? item : item.substr(colon + 1), text));
    std::sort(group.components.begin(), group.components.end());
    seen.insert(seen.end(), group.components.begin(), group.components.end());
    spec.groups.push_back(std::move(group));
  }
  std::sort(seen.begin(), seen.end());
  std::vector<int> all(spec.period);
  for (int c = 0; c < spec.period; ++c) all[c] = c;
  if (seen != all || spec.groups.size() < 2)
    return MakeError("--split '" + text + "': the groups must hold each component 0.." + std::to_string(spec.period - 1) +
                     " exactly once, in at least two groups");
  return spec;
}

Result<std::vector<Head>> SplitHeads(Model& model, const std::vector<SplitSpec>& specs) {
  tfl::ModelT& ir = model.mutable_ir();
  if (ir.subgraphs.empty()) return MakeError("model has no subgraph");
  tfl::SubGraphT& sg = *ir.subgraphs[0];
  std::vector<Head> heads;
  for (int32_t t : sg.outputs)
    heads.push_back(Head{sg.tensors[t]->name, sg.tensors[t]->shape, 1, {HeadPart{sg.tensors[t]->name, -1, {0}}}});
  if (specs.empty()) return heads;
  Splitter splitter(ir);
  std::vector<int32_t> outputs;
  for (int32_t t : sg.outputs) {
    const std::string name = sg.tensors[t]->name;
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const SplitSpec& s) { return s.output == name; });
    if (spec == specs.end()) {
      outputs.push_back(t);
      continue;
    }
    Head& head = *std::find_if(heads.begin(), heads.end(), [&](const Head& h) { return h.name == name; });
    head.period = spec->period;
    head.parts.clear();
    std::vector<int32_t> parts;
    for (const auto& group : spec->groups) {
      EP_ASSIGN_OR_RETURN(const int32_t part, WithContext(splitter.Clone(t, *spec, group, name + "_" + group.label),
                                                          "--split " + name));
      parts.push_back(part);
      outputs.push_back(part);
      head.parts.push_back(HeadPart{name + "_" + group.label, -1, group.components});
    }
    for (auto& signature : ir.signature_defs) {
      auto& maps = signature->outputs;
      const auto it = std::find_if(maps.begin(), maps.end(), [&](const auto& m) { return m->tensor_index == static_cast<uint32_t>(t); });
      if (it == maps.end()) continue;
      maps.erase(it);
      for (int32_t part : parts) {
        auto map = std::make_unique<tfl::TensorMapT>();
        map->name = sg.tensors[part]->name;
        map->tensor_index = part;
        maps.push_back(std::move(map));
      }
    }
  }
  for (const auto& spec : specs)
    if (std::none_of(heads.begin(), heads.end(), [&](const Head& h) { return h.name == spec.output; }))
      return MakeError("--split " + spec.output + ": no model output has that name");
  for (auto& op : splitter.added()) sg.operators.push_back(std::move(op));
  sg.outputs = outputs;
  std::vector<std::string> names;
  for (int32_t t : outputs) names.push_back(sg.tensors[t]->name);
  EP_RETURN_IF_ERROR(model::PruneOutputs(model, names));
  return heads;
}

}  // namespace edgepose::quant
