#include "model/tensor_utils.h"

#include <limits>

namespace edgepose::model {

size_t TensorTypeSize(tfl::TensorType type) {
  switch (type) {
    case tfl::TensorType_FLOAT32: return 4;
    case tfl::TensorType_FLOAT16: return 2;
    case tfl::TensorType_BFLOAT16: return 2;
    case tfl::TensorType_INT32: return 4;
    case tfl::TensorType_UINT8: return 1;
    case tfl::TensorType_INT64: return 8;
    case tfl::TensorType_BOOL: return 1;
    case tfl::TensorType_INT16: return 2;
    case tfl::TensorType_COMPLEX64: return 8;
    case tfl::TensorType_INT8: return 1;
    case tfl::TensorType_FLOAT64: return 8;
    case tfl::TensorType_COMPLEX128: return 16;
    case tfl::TensorType_UINT64: return 8;
    case tfl::TensorType_UINT32: return 4;
    case tfl::TensorType_UINT16: return 2;
    default: return 0;  // STRING, RESOURCE, VARIANT, INT4, unknown
  }
}

const char* TensorTypeName(tfl::TensorType type) {
  const char* name = tfl::EnumNameTensorType(type);
  return (name && *name) ? name : "UNKNOWN";
}

Result<int64_t> NumElements(const std::vector<int32_t>& shape) {
  int64_t count = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int32_t dim = shape[i];
    if (dim < 0) {
      return MakeError("shape " + ShapeToString(shape) + " has negative dimension " +
                       std::to_string(i));
    }
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / dim) {
      return MakeError("shape " + ShapeToString(shape) + " has too many elements");
    }
    count *= dim;
  }
  return count;
}

std::string ShapeToString(const std::vector<int32_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

const std::vector<uint8_t>* ConstantData(const tfl::ModelT& model, const tfl::TensorT& tensor) {
  if (tensor.buffer == 0 || tensor.buffer >= model.buffers.size()) return nullptr;
  const auto& buffer = model.buffers[tensor.buffer];
  if (!buffer || buffer->data.empty()) return nullptr;
  return &buffer->data;
}

std::string TensorLabel(int subgraph, int tensor_index, const tfl::TensorT& tensor) {
  return "subgraph " + std::to_string(subgraph) + " tensor " + std::to_string(tensor_index) +
         " (\"" + tensor.name + "\")";
}

}  // namespace edgepose::model
