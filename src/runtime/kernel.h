// The contract between the interpreter and one kernel.
//
// A kernel is {name, supports, prepare, eval[, bind]} for one (op, backend) pair:
//  - supports: can this backend run this node (dtypes, options)? Reference kernels may leave it null.
//  - prepare:  validate everything, infer output shapes, compute the Params Eval needs. All errors here.
//  - bind:     optional; called once after the arena is allocated, when every data pointer is final
//              (backends that capture pointers, like XNNPACK's setup step, use it).
//  - eval:     loops only.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "edgepose/interpreter.h"
#include "edgepose/model.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::runtime {

// Move-only, type-erased holder for a kernel's resolved Params (and any backend state).
class KernelParams {
 public:
  KernelParams() = default;
  template <class T>
  static KernelParams Make(T value) {
    KernelParams params;
    params.holder_ = std::make_shared<T>(std::move(value));
    return params;
  }
  template <class T>
  T& as() {
    return *static_cast<T*>(holder_.get());
  }
  template <class T>
  const T& as() const {
    return *static_cast<const T*>(holder_.get());
  }
  bool empty() const { return holder_ == nullptr; }

 private:
  std::shared_ptr<void> holder_;
};

struct NodeContext {
  int node_index = 0;
  tfl::BuiltinOperator op = tfl::BuiltinOperator_ADD;
  int op_version = 1;
  const tfl::OperatorT* ir = nullptr;     // typed builtin options live here
  const tfl::SubGraphT* graph = nullptr;  // tensor IR (e.g. sparsity) for the few ops that need it
  // Every tensor of the subgraph, indexed as the IR (graph->tensors), for the few kernels that look
  // at neighbouring nodes (pad_fusion.h: a convolution reading its producer PAD's input).
  std::span<Tensor> tensors;
  std::vector<Tensor*> inputs;         // nullptr where the model passes -1 (optional input)
  std::vector<Tensor*> outputs;
  void* threadpool = nullptr;          // pthreadpool_t when a backend uses threads
  int num_threads = 1;
  // The interpreter hands every output to a tensor observer (calibration, error reports), so
  // kernels must write them all: no skipping an output whose readers could do without it.
  bool outputs_observed = false;
  // What the kernel decided at Bind that a profile should show beside its name (e.g. a PAD whose
  // copy is skipped); the only field a kernel may write through a const context.
  mutable std::string kernel_note;

  Tensor* input(size_t i) const { return i < inputs.size() ? inputs[i] : nullptr; }
  Tensor* output(size_t i) const { return i < outputs.size() ? outputs[i] : nullptr; }
  std::string Describe() const;  // "node 17 (CONV_2D)"
  tl::unexpected<Error> Fail(const std::string& problem) const {
    return MakeError(Describe() + ": " + problem);
  }
};

struct KernelDef {
  const char* name;  // "reference/CONV_2D"
  tfl::BuiltinOperator op;
  Backend backend;
  bool (*supports)(const NodeContext& node);
  Result<KernelParams> (*prepare)(NodeContext& node);
  Status (*eval)(const NodeContext& node, KernelParams& params);
  Status (*bind)(const NodeContext& node, KernelParams& params) = nullptr;
};

}  // namespace edgepose::runtime
