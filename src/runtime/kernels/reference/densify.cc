// DENSIFY: expands a sparse constant into a dense tensor of the same dtype (TFLite
// kernels/densify.cc; sparsity = traversal order, block map, DENSE / SPARSE_CSR per level, decoded
// by model/sparsity.h). Its input is always a constant, so the interpreter runs it once at Create.
#include <cstring>

#include "model/sparsity.h"
#include "runtime/kernel.h"

namespace edgepose::kernels::reference {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

struct DensifyParams {
  const tfl::TensorT* sparse = nullptr;  // the input's IR, which carries the sparsity metadata
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.input(kInput))
    return node.Fail("expected 1 input and 1 output");
  const Tensor& input = *node.inputs[kInput];
  Tensor& output = *node.outputs[kOutput];
  if (!input.is_constant) return node.Fail("input \"" + input.name + "\" must be a constant sparse tensor");
  if (!node.graph) return node.Fail("no tensor IR available");
  const tfl::TensorT& sparse = *node.graph->tensors[node.ir->inputs[kInput]];
  if (!sparse.sparsity) return node.Fail("input \"" + input.name + "\" has no sparsity parameters");
  if (input.type != output.type)
    return node.Fail(std::string("output dtype ") + DTypeName(output.type) + " differs from input dtype " +
                     DTypeName(input.type));
  output.shape = input.shape;  // a sparse tensor's shape is its dense shape
  return runtime::KernelParams::Make(DensifyParams{&sparse});
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const Tensor& input = *node.inputs[kInput];
  Tensor& output = *node.outputs[kOutput];
  auto dense = model::Densify(*state.as<DensifyParams>().sparse, input.data, input.bytes);
  if (!dense) return node.Fail(dense.error().message);
  if (dense->size() != output.bytes)
    return node.Fail("densified " + std::to_string(dense->size()) + " bytes, output needs " +
                     std::to_string(output.bytes));
  std::memcpy(output.data, dense->data(), dense->size());
  return Ok();
}

}  // namespace

const runtime::KernelDef& DensifyKernel() {
  static const runtime::KernelDef kernel{"reference/DENSIFY", tfl::BuiltinOperator_DENSIFY, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
