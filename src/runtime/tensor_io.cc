#include "runtime/tensor_io.h"

#include <cstring>

#include "edgepose/file_io.h"

namespace edgepose::runtime {
namespace {

// SplitMix64: tiny, well-distributed and identical everywhere.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <class T>
void FillIntegers(Tensor& tensor, uint64_t& state) {
  T* data = tensor.data_as<T>();
  for (int64_t i = 0; i < tensor.num_elements(); ++i) data[i] = static_cast<T>(NextRandom(state));
}

bool SameElements(const Shape& a, const Shape& b) { return NumElements(a) == NumElements(b); }

}  // namespace

void FillRandom(Tensor& tensor, uint64_t seed, float low, float high) {
  uint64_t state = seed;
  switch (tensor.type) {
    case DType::kFloat32: {
      float* data = tensor.data_as<float>();
      for (int64_t i = 0; i < tensor.num_elements(); ++i) {
        const double unit = static_cast<double>(NextRandom(state) >> 11) * 0x1.0p-53;
        data[i] = static_cast<float>(low + (high - low) * unit);
      }
      return;
    }
    case DType::kInt8: return FillIntegers<int8_t>(tensor, state);
    case DType::kUInt8: return FillIntegers<uint8_t>(tensor, state);
    case DType::kInt16: return FillIntegers<int16_t>(tensor, state);
    case DType::kInt32: return FillIntegers<int32_t>(tensor, state);
    case DType::kInt64: return FillIntegers<int64_t>(tensor, state);
    case DType::kBool: {
      for (int64_t i = 0; i < tensor.num_elements(); ++i) tensor.data[i] = NextRandom(state) & 1;
      return;
    }
    default:
      std::memset(tensor.data, 0, tensor.bytes);
  }
}

Status CopyFromNpy(const NpyArray& array, Tensor& tensor) {
  if (array.dtype != tensor.type)
    return MakeError("input \"" + tensor.name + "\": array has dtype " + DTypeName(array.dtype) +
                     ", the model expects " + DTypeName(tensor.type));
  if (!SameElements(array.shape, tensor.shape))
    return MakeError("input \"" + tensor.name + "\": array has shape " + ShapeToString(array.shape) +
                     ", the model expects " + ShapeToString(tensor.shape));
  if (tensor.bytes) std::memcpy(tensor.data, array.data.data(), tensor.bytes);
  return Ok();
}

NpyArray ToNpy(const Tensor& tensor) {
  NpyArray array;
  array.dtype = tensor.type;
  array.shape = tensor.shape;
  array.data.assign(tensor.data, tensor.data + tensor.bytes);
  return array;
}

Status LoadTensorFile(const std::string& path, Tensor& tensor) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0) {
    EP_ASSIGN_OR_RETURN(NpyArray array, ReadNpy(path));
    return WithContext(CopyFromNpy(array, tensor), path);
  }
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  if (bytes.size() != tensor.bytes)
    return MakeError(path + ": raw file has " + std::to_string(bytes.size()) + " bytes, input \"" + tensor.name +
                     "\" " + ShapeToString(tensor.shape) + " " + DTypeName(tensor.type) + " needs " +
                     std::to_string(tensor.bytes));
  if (!bytes.empty()) std::memcpy(tensor.data, bytes.data(), bytes.size());
  return Ok();
}

}  // namespace edgepose::runtime
