// A tensor as the runtime sees it: dtype, shape, quantization and a view of its bytes.
// The bytes belong to the interpreter's arena or to the model's constant buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgepose {

// Numbered as TFLite's TensorType so the values map one to one.
enum class DType : int8_t {
  kFloat32 = 0,
  kFloat16 = 1,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kString = 5,
  kBool = 6,
  kInt16 = 7,
  kInt8 = 9,
};

size_t DTypeSize(DType type);       // 0 for kString and unknown values
const char* DTypeName(DType type);  // "FLOAT32", ...

using Shape = std::vector<int32_t>;
int64_t NumElements(const Shape& shape);
std::string ShapeToString(const Shape& shape);  // "[1,224,224,3]"

// Affine quantization: real = scale * (q - zero_point), per tensor (one entry) or per channel
// along quantized_dimension.
struct QuantParams {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  bool empty() const { return scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
};

struct Tensor {
  std::string name;
  DType type = DType::kFloat32;
  Shape shape;
  QuantParams quant;
  uint8_t* data = nullptr;
  size_t bytes = 0;
  bool is_constant = false;

  int64_t num_elements() const { return NumElements(shape); }
  int32_t dim(size_t i) const { return shape[i]; }
  size_t rank() const { return shape.size(); }
  template <class T>
  T* data_as() {
    return reinterpret_cast<T*>(data);
  }
  template <class T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data);
  }
};

}  // namespace edgepose
