#include "runtime/kernels/common/hybrid.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace edgepose::kernels {

AsymmetricQuantization AsymmetricQuantizeFloats(const float* values, int64_t count, int8_t* quantized) {
  constexpr int32_t kMin = -128, kMax = 127;
  if (count <= 0) return {};
  const auto [lo, hi] = std::minmax_element(values, values + count);
  const double rmin = std::fmin(0.0, static_cast<double>(*lo));
  const double rmax = std::fmax(0.0, static_cast<double>(*hi));
  if (rmin == rmax) {
    std::fill(quantized, quantized + count, int8_t{0});
    return {1.f, 0};
  }
  const double scale = (rmax - rmin) / (kMax - kMin);
  // Of the two candidate zero points (from the min and from the max end), take the one whose
  // computation loses less precision, then nudge it into the integer range.
  const double from_min = kMin - rmin / scale;
  const double from_max = kMax - rmax / scale;
  const double from_min_error = std::abs(static_cast<double>(kMin)) + std::abs(rmin / scale);
  const double from_max_error = std::abs(static_cast<double>(kMax)) + std::abs(rmax / scale);
  const double zero_point_real = from_min_error < from_max_error ? from_min : from_max;
  int32_t zero_point;
  if (zero_point_real <= kMin) {
    zero_point = kMin;
  } else if (zero_point_real >= kMax) {
    zero_point = kMax;
  } else {
    zero_point = static_cast<int32_t>(std::round(zero_point_real));
  }
  const float inverse = static_cast<float>(1.0 / scale);
  for (int64_t i = 0; i < count; ++i) {
    const int32_t q = static_cast<int32_t>(std::round(zero_point + values[i] * inverse));
    quantized[i] = static_cast<int8_t>(std::clamp(q, kMin, kMax));
  }
  return {static_cast<float>(scale), zero_point};
}

bool IsHybrid(const Tensor& input, const Tensor& weights) {
  return input.type == DType::kFloat32 && weights.type == DType::kInt8;
}

std::string CheckHybridWeights(const Tensor& weights, const Tensor* bias, int channels, int channel_dim) {
  const auto& q = weights.quant;
  if (q.empty()) return "int8 weights \"" + weights.name + "\" have no scales";
  if (q.scale.size() != 1 && q.scale.size() != static_cast<size_t>(channels))
    return "int8 weights \"" + weights.name + "\" have " + std::to_string(q.scale.size()) + " scales for " +
           std::to_string(channels) + " output channels";
  if (q.scale.size() > 1 && q.quantized_dimension != channel_dim)
    return "per-channel weights \"" + weights.name + "\" must be quantized along dimension " + std::to_string(channel_dim);
  for (int64_t zero_point : q.zero_point)
    if (zero_point != 0) return "hybrid weights \"" + weights.name + "\" must be symmetric (zero point 0)";
  if (bias && (bias->type != DType::kFloat32 || bias->num_elements() != channels))
    return "hybrid bias \"" + bias->name + "\" must be FLOAT32 with " + std::to_string(channels) + " values";
  return "";
}

}  // namespace edgepose::kernels
