#include "runtime/kernels/xnnpack/kernel_util.h"

#include <algorithm>
#include <limits>

namespace edgepose::kernels::xnnpack {

QuantInfo TensorQuant(const Tensor& tensor) {
  QuantInfo info;
  if (!tensor.quant.scale.empty()) info.scale = tensor.quant.scale[0];
  if (!tensor.quant.zero_point.empty()) info.zero_point = static_cast<int32_t>(tensor.quant.zero_point[0]);
  return info;
}

std::vector<size_t> Dims(const Tensor& tensor) {
  std::vector<size_t> dims;
  for (int32_t d : tensor.shape) dims.push_back(static_cast<size_t>(std::max(d, 0)));
  return dims;
}

bool IsPerTensorInt8(const Tensor& tensor) {
  if (tensor.type != DType::kInt8 || tensor.quant.scale.size() != 1 || !(tensor.quant.scale[0] > 0.f)) return false;
  if (tensor.quant.zero_point.size() > 1) return false;
  const int64_t zero_point = tensor.quant.zero_point.empty() ? 0 : tensor.quant.zero_point[0];
  return zero_point >= std::numeric_limits<int8_t>::min() && zero_point <= std::numeric_limits<int8_t>::max();
}

bool IsPerTensor8Bit(const Tensor& tensor) {
  if (tensor.type == DType::kInt8) return IsPerTensorInt8(tensor);
  if (tensor.type != DType::kUInt8 || tensor.quant.scale.size() != 1 || !(tensor.quant.scale[0] > 0.f)) return false;
  const int64_t zero_point = tensor.quant.zero_point.empty() ? 0 : tensor.quant.zero_point[0];
  return tensor.quant.zero_point.size() <= 1 && zero_point >= 0 && zero_point <= 255;
}

bool RequantizationScaleSupported(double scale) {
  // xnn_create_convolution2d_nhwc_qs8/qc8 and fully_connected_qs8 reject scales >= 256.
  return scale > 0.0 && scale < 256.0;
}

int8_t ClampToInt8(int32_t value) {
  return static_cast<int8_t>(
      std::clamp<int32_t>(value, std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max()));
}

}  // namespace edgepose::kernels::xnnpack
