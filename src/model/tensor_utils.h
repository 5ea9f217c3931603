// Small facts about tensors of the IR: element sizes, element counts, constness, names for
// messages. Pure functions over the flatbuffers object API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose::model {

// Bytes per element; 0 when the type has no fixed per-element size (STRING, RESOURCE,
// VARIANT, and INT4 which TFLite packs two to a byte).
size_t TensorTypeSize(tfl::TensorType type);
const char* TensorTypeName(tfl::TensorType type);  // "FLOAT32"; "UNKNOWN" when out of range

// Product of the dimensions; an error for a negative dimension or an int64 overflow.
Result<int64_t> NumElements(const std::vector<int32_t>& shape);

std::string ShapeToString(const std::vector<int32_t>& shape);  // "[1,224,224,3]"

// Constant data of a tensor in the model, or nullptr when the tensor has none (buffer 0,
// an out-of-range buffer, or an empty buffer).
const std::vector<uint8_t>* ConstantData(const tfl::ModelT& model, const tfl::TensorT& tensor);

// "subgraph 0 tensor 17 (\"name\")" for error messages.
std::string TensorLabel(int subgraph, int tensor_index, const tfl::TensorT& tensor);

}  // namespace edgepose::model
