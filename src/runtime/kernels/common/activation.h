// Fused activations (TFLite's ActivationFunctionType) as a clamp range, float and quantized.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "edgepose/status.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose::kernels {

struct FloatRange {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
  float Apply(float x) const { return std::min(std::max(x, min), max); }
};

// NONE, RELU, RELU_N1_TO_1, RELU6 become clamps; TANH / SIGN_BIT fused are rejected.
inline Result<FloatRange> FusedActivationRange(tfl::ActivationFunctionType activation) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  switch (activation) {
    case tfl::ActivationFunctionType_NONE: return FloatRange{-kInf, kInf};
    case tfl::ActivationFunctionType_RELU: return FloatRange{0.f, kInf};
    case tfl::ActivationFunctionType_RELU_N1_TO_1: return FloatRange{-1.f, 1.f};
    case tfl::ActivationFunctionType_RELU6: return FloatRange{0.f, 6.f};
    default:
      return MakeError(std::string("fused activation ") + tfl::EnumNameActivationFunctionType(activation) +
                       " is not supported");
  }
}

// The quantized clamp TFLite derives from a float range (CalculateActivationRangeQuantized).
inline void QuantizedActivationRange(const FloatRange& range, float scale, int32_t zero_point, int32_t qmin,
                                     int32_t qmax, int32_t* out_min, int32_t* out_max) {
  auto quantize = [&](float x) { return zero_point + static_cast<int32_t>(std::round(x / scale)); };
  *out_min = std::isinf(range.min) ? qmin : std::max(qmin, quantize(range.min));
  *out_max = std::isinf(range.max) ? qmax : std::min(qmax, quantize(range.max));
}

}  // namespace edgepose::kernels
