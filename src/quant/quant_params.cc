#include "quant/quant_params.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgepose::quant {

void ActivationTypeRange(DType type, int32_t* qmin, int32_t* qmax) {
  switch (type) {
    case DType::kUInt8: *qmin = 0, *qmax = 255; return;
    case DType::kInt16: *qmin = -32767, *qmax = 32767; return;
    default: *qmin = -128, *qmax = 127; return;
  }
}

AffineParams ChooseAsymmetric(Range range, int32_t qmin, int32_t qmax) {
  const double lo = std::min(0.0, static_cast<double>(range.min));
  const double hi = std::max(0.0, static_cast<double>(range.max));
  if (hi - lo <= 0.0) return {1.f, qmin <= 0 && qmax >= 0 ? 0 : qmin};
  const double scale = (hi - lo) / static_cast<double>(qmax - qmin);
  const double zero_point_real = static_cast<double>(qmin) - lo / scale;
  const int64_t zero_point = static_cast<int64_t>(
      std::clamp(std::round(zero_point_real), static_cast<double>(qmin), static_cast<double>(qmax)));
  return {static_cast<float>(scale), zero_point};
}

AffineParams ChooseSymmetric(Range range, int32_t qmax) {
  const double max_abs = std::max(std::fabs(static_cast<double>(range.min)),
                                  std::fabs(static_cast<double>(range.max)));
  if (max_abs == 0.0) return {1.f, 0};
  return {static_cast<float>(max_abs / qmax), 0};
}

AffineParams ChooseActivationParams(Range range, DType type) {
  int32_t qmin, qmax;
  ActivationTypeRange(type, &qmin, &qmax);
  if (type == DType::kInt16) return ChooseSymmetric(range, qmax);
  return ChooseAsymmetric(range, qmin, qmax);
}

AffineParams InputParamsForRange(Range range, DType type) {
  if (type == DType::kInt16) return ChooseSymmetric(range, 32767);
  const bool signed_range = range.min < 0.f;
  const float scale = signed_range ? 1.f / 127.5f : 1.f / 255.f;
  const int64_t byte_zero = signed_range ? 128 : 0;  // the camera byte that means 0.0 (or -1/255)
  return {scale, type == DType::kUInt8 ? byte_zero : byte_zero - 128};
}

int32_t QuantizeValue(float x, const AffineParams& params, int32_t qmin, int32_t qmax) {
  const double q = std::round(static_cast<double>(x) / params.scale) + static_cast<double>(params.zero_point);
  return static_cast<int32_t>(std::clamp(q, static_cast<double>(qmin), static_cast<double>(qmax)));
}

QuantizedWeights QuantizeWeightsSymmetric(const float* values, const Shape& shape, int channel_dim,
                                          bool per_channel) {
  QuantizedWeights out;
  const int64_t total = NumElements(shape);
  out.values.resize(static_cast<size_t>(total));
  // Layout as [outer, channels, inner] around channel_dim.
  int64_t outer = 1, inner = 1;
  const int64_t channels = per_channel ? shape[channel_dim] : 1;
  for (int d = 0; d < channel_dim; ++d) outer *= shape[d];
  for (size_t d = channel_dim + 1; d < shape.size(); ++d) inner *= shape[d];
  if (!per_channel) outer = 1, inner = total;
  std::vector<double> max_abs(channels, 0.0);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < inner; ++i)
        max_abs[c] = std::max(max_abs[c], std::fabs(static_cast<double>(values[(o * channels + c) * inner + i])));
  out.scales.resize(channels);
  for (int64_t c = 0; c < channels; ++c) out.scales[c] = max_abs[c] == 0.0 ? 1.f : static_cast<float>(max_abs[c] / 127.0);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t index = (o * channels + c) * inner + i;
        out.values[index] = static_cast<int8_t>(QuantizeValue(values[index], {out.scales[c], 0}, -127, 127));
      }
  out.quantized_dimension = per_channel ? channel_dim : 0;
  return out;
}

namespace {
template <class T>
std::vector<T> QuantizeBias(const float* bias, size_t count, float input_scale,
                            const std::vector<float>& weight_scales) {
  std::vector<T> out(count);
  for (size_t c = 0; c < count; ++c) {
    const double scale = static_cast<double>(input_scale) * weight_scales[weight_scales.size() == 1 ? 0 : c];
    const double q = std::round(static_cast<double>(bias[c]) / scale);
    out[c] = static_cast<T>(std::clamp(q, static_cast<double>(std::numeric_limits<T>::min()),
                                       static_cast<double>(std::numeric_limits<T>::max())));
  }
  return out;
}
}  // namespace

std::vector<int32_t> QuantizeBias32(const float* bias, size_t count, float input_scale,
                                    const std::vector<float>& weight_scales) {
  return QuantizeBias<int32_t>(bias, count, input_scale, weight_scales);
}
std::vector<int64_t> QuantizeBias64(const float* bias, size_t count, float input_scale,
                                    const std::vector<float>& weight_scales) {
  return QuantizeBias<int64_t>(bias, count, input_scale, weight_scales);
}

}  // namespace edgepose::quant
