#include "model/passes/prune_outputs.h"

#include <algorithm>
#include <set>

#include "model/passes/remove_dead_tensors.h"

namespace edgepose::model {
namespace {

// Tensor index of main-subgraph output `name` (tensor name or signature alias), or -1.
int32_t FindOutput(const tfl::ModelT& ir, const std::string& name) {
  const tfl::SubGraphT& main = *ir.subgraphs[0];
  for (int32_t index : main.outputs) {
    if (main.tensors[index]->name == name) return index;
  }
  for (const auto& signature : ir.signature_defs) {
    if (signature->subgraph_index != 0) continue;
    for (const auto& map : signature->outputs) {
      if (map->name == name) return static_cast<int32_t>(map->tensor_index);
    }
  }
  return -1;
}

std::string OutputNames(const tfl::SubGraphT& main) {
  std::string names;
  for (int32_t index : main.outputs) {
    names += (names.empty() ? "" : ", ") + main.tensors[index]->name;
  }
  return names;
}

}  // namespace

Status PruneOutputs(Model& model, const std::vector<std::string>& keep_names) {
  EP_RETURN_IF_ERROR(model.Validate());
  tfl::ModelT& ir = model.mutable_ir();
  tfl::SubGraphT& main = *ir.subgraphs[0];
  if (keep_names.empty()) return MakeError(model.name() + ": no outputs to keep");

  std::set<int32_t> keep;
  for (const auto& name : keep_names) {
    const int32_t index = FindOutput(ir, name);
    if (index < 0 ||
        std::find(main.outputs.begin(), main.outputs.end(), index) == main.outputs.end()) {
      return MakeError(model.name() + ": unknown output \"" + name + "\" (outputs: " +
                       OutputNames(main) + ")");
    }
    keep.insert(index);
  }
  std::erase_if(main.outputs, [&](int32_t index) { return keep.count(index) == 0; });
  for (auto& signature : ir.signature_defs) {
    if (signature->subgraph_index != 0) continue;
    std::erase_if(signature->outputs,
                  [&](const auto& map) { return keep.count(map->tensor_index) == 0; });
  }

  // Walk backwards: an op is live if it produces a needed tensor (ops without outputs are
  // kept for their side effects); its inputs become needed.
  std::vector<bool> needed(main.tensors.size(), false);
  for (int32_t index : keep) needed[index] = true;
  std::vector<bool> live(main.operators.size(), false);
  for (size_t i = main.operators.size(); i-- > 0;) {
    const tfl::OperatorT& op = *main.operators[i];
    live[i] = op.outputs.empty() ||
              std::any_of(op.outputs.begin(), op.outputs.end(), [&](int32_t t) { return needed[t]; });
    if (!live[i]) continue;
    for (const auto* list : {&op.inputs, &op.intermediates}) {
      for (int32_t t : *list) {
        if (t >= 0) needed[t] = true;
      }
    }
  }
  size_t next = 0;
  for (size_t i = 0; i < main.operators.size(); ++i) {
    if (live[i]) main.operators[next++] = std::move(main.operators[i]);
  }
  main.operators.resize(next);
  return RemoveDeadTensors(model);  // ends with Validate()
}

}  // namespace edgepose::model
