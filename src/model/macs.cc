#include "model/macs.h"

#include <vector>

#include "edgepose/model.h"

namespace edgepose::model {
namespace {

// Shape of operator input/output `slot`, or nullptr when absent or out of range.
const std::vector<int32_t>* SlotShape(const tfl::SubGraphT& subgraph,
                                      const std::vector<int32_t>& slots, size_t slot) {
  if (slot >= slots.size()) return nullptr;
  const int32_t index = slots[slot];
  if (index < 0 || static_cast<size_t>(index) >= subgraph.tensors.size()) return nullptr;
  return &subgraph.tensors[index]->shape;
}

// Product of dims, 0 if any is negative (dynamic).
int64_t Product(const std::vector<int32_t>& shape, size_t begin = 0, size_t end = SIZE_MAX) {
  int64_t product = 1;
  for (size_t i = begin; i < shape.size() && i < end; ++i) {
    if (shape[i] < 0) return 0;
    product *= shape[i];
  }
  return product;
}

}  // namespace

int64_t OperatorMacs(const tfl::ModelT& model, int subgraph_index, int op_index) {
  if (subgraph_index < 0 || static_cast<size_t>(subgraph_index) >= model.subgraphs.size()) return 0;
  const tfl::SubGraphT& subgraph = *model.subgraphs[subgraph_index];
  if (op_index < 0 || static_cast<size_t>(op_index) >= subgraph.operators.size()) return 0;
  const tfl::OperatorT& op = *subgraph.operators[op_index];
  if (op.opcode_index >= model.operator_codes.size()) return 0;

  const auto* input = SlotShape(subgraph, op.inputs, 0);
  const auto* weights = SlotShape(subgraph, op.inputs, 1);
  const auto* output = SlotShape(subgraph, op.outputs, 0);
  switch (BuiltinCode(*model.operator_codes[op.opcode_index])) {
    case tfl::BuiltinOperator_CONV_2D:  // filter [out_c, k_h, k_w, in_c / groups]
      if (!weights || !output || weights->size() != 4) return 0;
      return Product(*output) * Product(*weights, 1, 4);
    case tfl::BuiltinOperator_DEPTHWISE_CONV_2D:  // filter [1, k_h, k_w, out_c]
      if (!weights || !output || weights->size() != 4) return 0;
      return Product(*output) * Product(*weights, 1, 3);
    case tfl::BuiltinOperator_FULLY_CONNECTED:  // weights [units, in_features]
      if (!weights || !output || weights->size() != 2) return 0;
      return Product(*output) * Product(*weights, 1, 2);
    case tfl::BuiltinOperator_TRANSPOSE_CONV: {  // inputs: output_shape, filter, input
      const auto* filter = SlotShape(subgraph, op.inputs, 1);
      const auto* data = SlotShape(subgraph, op.inputs, 2);
      if (!filter || !data || filter->size() != 4) return 0;
      return Product(*data) * Product(*filter, 0, 3);  // in elements · out_c·k_h·k_w
    }
    case tfl::BuiltinOperator_BATCH_MATMUL: {
      if (!input || !output || input->empty()) return 0;
      const bool adjoint_x = op.builtin_options.AsBatchMatMulOptions() &&
                             op.builtin_options.AsBatchMatMulOptions()->adj_x;
      const int32_t contracted = adjoint_x && input->size() >= 2 ? (*input)[input->size() - 2]
                                                                 : input->back();
      return contracted < 0 ? 0 : Product(*output) * contracted;
    }
    default:
      return 0;
  }
}

int64_t SubgraphMacs(const tfl::ModelT& model, int subgraph_index) {
  if (subgraph_index < 0 || static_cast<size_t>(subgraph_index) >= model.subgraphs.size()) return 0;
  int64_t total = 0;
  const int num_ops = static_cast<int>(model.subgraphs[subgraph_index]->operators.size());
  for (int i = 0; i < num_ops; ++i) total += OperatorMacs(model, subgraph_index, i);
  return total;
}

}  // namespace edgepose::model
