// Small edits of a TFLite IR (subgraph 0) shared by the quantizer passes: adding buffers, tensors,
// opcodes and operators, reading constants. (Dead tensors are dropped afterwards by model::RemoveDeadTensors.)
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/tensor.h"
#include "quant/quant_params.h"

namespace edgepose::quant {

tfl::TensorType ToTensorType(DType type);

uint32_t AddBuffer(tfl::ModelT& model, std::vector<uint8_t> bytes);
template <class T>
uint32_t AddBufferOf(tfl::ModelT& model, const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return AddBuffer(model, std::move(bytes));
}

// A new tensor (no constant data unless `buffer` != 0); returns its index.
int32_t AddTensor(tfl::SubGraphT& subgraph, const std::string& name, const std::vector<int32_t>& shape,
                  tfl::TensorType type, uint32_t buffer = 0);

void SetQuantization(tfl::TensorT& tensor, const std::vector<float>& scales,
                     const std::vector<int64_t>& zero_points, int32_t quantized_dimension = 0);
void SetQuantization(tfl::TensorT& tensor, const AffineParams& params);
// Per-tensor params of a quantized tensor (scale 0 when it has none).
AffineParams TensorParams(const tfl::TensorT& tensor);

// Index of the opcode entry for `op` (added when missing, version 1).
uint32_t OpcodeIndex(tfl::ModelT& model, tfl::BuiltinOperator op);
tfl::BuiltinOperator OperatorOf(const tfl::ModelT& model, const tfl::OperatorT& op);

std::unique_ptr<tfl::OperatorT> MakeOperator(tfl::ModelT& model, tfl::BuiltinOperator op,
                                             std::vector<int32_t> inputs, std::vector<int32_t> outputs);

// Constant bytes of a tensor, nullptr when it has none.
const std::vector<uint8_t>* ConstantBytes(const tfl::ModelT& model, const tfl::TensorT& tensor);
bool IsConstant(const tfl::ModelT& model, const tfl::TensorT& tensor);
std::vector<float> ConstantFloats(const tfl::ModelT& model, const tfl::TensorT& tensor);

// A PAD (not PADV2: its fill is 0) by constant non-negative int32 amounts on H and W only (N and C
// untouched), as a convolution's own padding would add: {top, bottom, left, right}.
struct SpatialPads {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
};
std::optional<SpatialPads> ZeroSpatialPads(const tfl::ModelT& model, const tfl::SubGraphT& sg,
                                           const tfl::OperatorT& op);

}  // namespace edgepose::quant
