// Runs subgraph 0 of a loaded model.
//
// Create() does all the work that can fail: it picks a kernel per node (preferred backend
// when it supports the node, reference otherwise), prepares every node and infers shapes,
// evaluates nodes whose inputs are all constant once (DEQUANTIZE / DENSIFY of weights),
// plans one arena from tensor lifetimes and allocates it. Invoke() only runs kernels.
// Constants are copied into an aligned pool at Create; the Model must still outlive the
// Interpreter (kernels keep pointers to its typed operator options).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose {

enum class Backend { kReference, kXnnpack };
const char* BackendName(Backend backend);
bool BackendAvailable(Backend backend);  // kXnnpack only when built with it

struct InterpreterOptions {
  Backend backend = Backend::kXnnpack;  // falls back to reference when unavailable
  int num_threads = 1;
  bool profile = false;  // record per-node time on every Invoke
  // Called during Invoke with (subgraph tensor index, tensor) for every graph input before the
  // first node and for every node output right after its node ran, while the bytes are still
  // valid (the arena reuses memory later). Used by calibration and accuracy reports.
  std::function<void(int tensor_index, const Tensor& tensor)> tensor_observer;
  // Which tensors tensor_observer is called for (all when empty), asked once at Create. A tensor
  // nobody observes may never be written: a zero spatial PAD read only by convolutions is then
  // fused into them, as in a run without an observer.
  std::function<bool(int tensor_index)> observes;
};

struct NodeProfile {
  int node_index = 0;
  std::string op;      // "CONV_2D"
  std::string kernel;  // "xnnpack/CONV_2D"
  int64_t macs = 0;
  int64_t total_ns = 0;
  int64_t runs = 0;
};

class Interpreter {
 public:
  static Result<std::unique_ptr<Interpreter>> Create(const Model& model,
                                                     const InterpreterOptions& options = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  size_t input_count() const;
  size_t output_count() const;
  Tensor& input(size_t i);
  const Tensor& output(size_t i) const;
  int FindInput(const std::string& name) const;   // -1 when absent
  int FindOutput(const std::string& name) const;  // -1 when absent

  Status Invoke();

  // Subgraph tensor index of input(i) / output(i), to relate them to the model IR.
  int input_tensor_index(size_t i) const;
  int output_tensor_index(size_t i) const;

  size_t arena_bytes() const;     // planned activation memory
  size_t constant_bytes() const;  // weights held by the interpreter (copied + folded at Create)
  const std::vector<NodeProfile>& profile() const;
  void ResetProfile();

  class Impl;

 private:
  explicit Interpreter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgepose
