#include "model/passes/remove_dead_tensors.h"

#include <memory>
#include <vector>

namespace edgepose::model {
namespace {

// Keeps the elements whose `keep` flag is set and returns old index -> new index (-1 if gone).
template <class T>
std::vector<int32_t> Compact(std::vector<T>& items, const std::vector<bool>& keep) {
  std::vector<int32_t> remap(items.size(), -1);
  size_t next = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!keep[i]) continue;
    remap[i] = static_cast<int32_t>(next);
    if (next != i) items[next] = std::move(items[i]);
    ++next;
  }
  items.resize(next);
  return remap;
}

void RemapList(std::vector<int32_t>& indices, const std::vector<int32_t>& remap) {
  for (int32_t& index : indices) {
    if (index >= 0) index = remap[index];
  }
}

int RemoveDeadTensorsOfSubgraph(tfl::ModelT& model, int subgraph_index) {
  tfl::SubGraphT& subgraph = *model.subgraphs[subgraph_index];
  std::vector<bool> used(subgraph.tensors.size(), false);
  auto mark = [&](const std::vector<int32_t>& indices) {
    for (int32_t index : indices) {
      if (index >= 0) used[index] = true;
    }
  };
  mark(subgraph.inputs);
  mark(subgraph.outputs);
  for (const auto& op : subgraph.operators) {
    mark(op->inputs);
    mark(op->outputs);
    mark(op->intermediates);
  }
  for (const auto& signature : model.signature_defs) {
    if (static_cast<int>(signature->subgraph_index) != subgraph_index) continue;
    for (const auto* maps : {&signature->inputs, &signature->outputs}) {
      for (const auto& map : *maps) used[map->tensor_index] = true;
    }
  }
  const size_t before = subgraph.tensors.size();
  const std::vector<int32_t> remap = Compact(subgraph.tensors, used);
  RemapList(subgraph.inputs, remap);
  RemapList(subgraph.outputs, remap);
  for (auto& op : subgraph.operators) {
    RemapList(op->inputs, remap);
    RemapList(op->outputs, remap);
    RemapList(op->intermediates, remap);
  }
  for (auto& signature : model.signature_defs) {
    if (static_cast<int>(signature->subgraph_index) != subgraph_index) continue;
    for (auto* maps : {&signature->inputs, &signature->outputs}) {
      for (auto& map : *maps) map->tensor_index = remap[map->tensor_index];
    }
  }
  return static_cast<int>(before - subgraph.tensors.size());
}

int RemoveDeadBuffers(tfl::ModelT& model) {
  std::vector<bool> used(model.buffers.size(), false);
  if (!used.empty()) used[0] = true;  // the empty sentinel every non-constant tensor may use
  for (const auto& subgraph : model.subgraphs) {
    for (const auto& tensor : subgraph->tensors) used[tensor->buffer] = true;
  }
  for (const auto& metadata : model.metadata) used[metadata->buffer] = true;
  for (int32_t buffer : model.metadata_buffer) used[buffer] = true;

  const size_t before = model.buffers.size();
  const std::vector<int32_t> remap = Compact(model.buffers, used);
  for (auto& subgraph : model.subgraphs) {
    for (auto& tensor : subgraph->tensors) tensor->buffer = remap[tensor->buffer];
  }
  for (auto& metadata : model.metadata) metadata->buffer = remap[metadata->buffer];
  RemapList(model.metadata_buffer, remap);
  return static_cast<int>(before - model.buffers.size());
}

int RemoveDeadOpcodes(tfl::ModelT& model) {
  std::vector<bool> used(model.operator_codes.size(), false);
  for (const auto& subgraph : model.subgraphs) {
    for (const auto& op : subgraph->operators) used[op->opcode_index] = true;
  }
  const size_t before = model.operator_codes.size();
  const std::vector<int32_t> remap = Compact(model.operator_codes, used);
  for (auto& subgraph : model.subgraphs) {
    for (auto& op : subgraph->operators) op->opcode_index = remap[op->opcode_index];
  }
  return static_cast<int>(before - model.operator_codes.size());
}

}  // namespace

Status RemoveDeadTensors(Model& model, DeadTensorStats* stats) {
  // The remapping below indexes without checks: start from a verified IR.
  EP_RETURN_IF_ERROR(model.Validate());
  tfl::ModelT& ir = model.mutable_ir();
  DeadTensorStats local;
  for (size_t s = 0; s < ir.subgraphs.size(); ++s) {
    local.tensors_removed += RemoveDeadTensorsOfSubgraph(ir, static_cast<int>(s));
  }
  local.buffers_removed = RemoveDeadBuffers(ir);
  local.opcodes_removed = RemoveDeadOpcodes(ir);
  if (stats) *stats = local;
  return model.Validate();
}

}  // namespace edgepose::model
