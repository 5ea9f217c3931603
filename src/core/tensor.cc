#include "edgepose/tensor.h"

namespace edgepose {

size_t DTypeSize(DType type) {
  switch (type) {
    case DType::kFloat32: return 4;
    case DType::kFloat16: return 2;
    case DType::kInt32: return 4;
    case DType::kUInt8: return 1;
    case DType::kInt64: return 8;
    case DType::kBool: return 1;
    case DType::kInt16: return 2;
    case DType::kInt8: return 1;
    case DType::kString: return 0;
  }
  return 0;
}

const char* DTypeName(DType type) {
  switch (type) {
    case DType::kFloat32: return "FLOAT32";
    case DType::kFloat16: return "FLOAT16";
    case DType::kInt32: return "INT32";
    case DType::kUInt8: return "UINT8";
    case DType::kInt64: return "INT64";
    case DType::kString: return "STRING";
    case DType::kBool: return "BOOL";
    case DType::kInt16: return "INT16";
    case DType::kInt8: return "INT8";
  }
  return "UNKNOWN";
}

int64_t NumElements(const Shape& shape) {
  int64_t count = 1;
  for (int32_t dim : shape) count *= dim;
  return count;
}

std::string ShapeToString(const Shape& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

}  // namespace edgepose
