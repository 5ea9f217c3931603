// Builds a one-operator model in memory so a kernel can be tested without a model file
// (the role of tflite-micro's KernelRunner). Tensors are added in order; the op is run by
// the real Interpreter, so Prepare, shape inference and the memory plan are exercised too.
#pragma once

#include <cstring>
#include <memory>
#include <vector>

#include "edgepose/interpreter.h"
#include "edgepose/model.h"

namespace edgepose::testing {

class OneOpModel {
 public:
  explicit OneOpModel(tfl::BuiltinOperator op, int version = 1);

  // Each returns the tensor index. Inputs are graph inputs (filled after Create); constants carry data.
  int AddInput(DType type, const Shape& shape, const QuantParams& quant = {});
  int AddOutput(DType type, const Shape& shape = {}, const QuantParams& quant = {});
  int AddConstantBytes(DType type, const Shape& shape, const void* data, size_t bytes,
                       const QuantParams& quant = {});
  template <class T>
  int AddConstant(DType type, const Shape& shape, const std::vector<T>& values, const QuantParams& quant = {}) {
    return AddConstantBytes(type, shape, values.data(), values.size() * sizeof(T), quant);
  }
  void SkipInput() { op_inputs_.push_back(-1); }  // an optional input the op does not get

  tfl::BuiltinOptionsUnion& options() { return options_; }
  tfl::TensorT& tensor(int index) { return *tensors_[index]; }

  // Builds the model; the op's inputs are the tensors added with AddInput/AddConstant in order.
  Result<Model> Build();

 private:
  int AddTensor(DType type, const Shape& shape, const QuantParams& quant, uint32_t buffer);
  tfl::BuiltinOperator op_;
  int version_;
  std::vector<std::unique_ptr<tfl::TensorT>> tensors_;
  std::vector<std::vector<uint8_t>> buffers_{{}};  // buffer 0 is the empty sentinel
  std::vector<int32_t> graph_inputs_, graph_outputs_, op_inputs_;
  tfl::BuiltinOptionsUnion options_;
};

// Copies `values` into an interpreter tensor (sizes must match).
template <class T>
void Fill(Tensor& tensor, const std::vector<T>& values) {
  if (!values.empty()) std::memcpy(tensor.data, values.data(), values.size() * sizeof(T));
}

template <class T>
std::vector<T> Read(const Tensor& tensor) {
  std::vector<T> values(tensor.bytes / sizeof(T));
  if (!values.empty()) std::memcpy(values.data(), tensor.data, values.size() * sizeof(T));
  return values;
}

}  // namespace edgepose::testing
