// Shared Prepare/Eval pieces for unary elementwise ops (LOGISTIC, TANH, RELU*, LEAKY_RELU,
// HARD_SWISH, DEQUANTIZE, QUANTIZE): one input, one output of the input's shape.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"

namespace edgepose::kernels {

// Checks one input and one output, the input dtype against `supported`, and (when
// `same_dtype`) that the output dtype equals the input's. Sets the output shape.
Status PrepareUnary(runtime::NodeContext& node, std::initializer_list<DType> supported, bool same_dtype = true);

// Names the dtypes of a list for error messages: "FLOAT32, INT8".
std::string DTypeList(std::initializer_list<DType> types);

// Requires per-tensor quantization (one scale, positive) on `tensor`; `role` names it.
Status RequirePerTensorQuant(const runtime::NodeContext& node, const Tensor& tensor, const char* role);

// A fused-activation clamp applied to INT32 results (TFLite CalculateActivationRange<int32_t>):
// infinite float bounds become the int32 limits.
struct IntRange {
  int32_t min = std::numeric_limits<int32_t>::min();
  int32_t max = std::numeric_limits<int32_t>::max();
  int32_t Apply(int32_t x) const { return std::min(std::max(x, min), max); }
};

inline IntRange ToIntRange(const FloatRange& range) {
  IntRange result;
  if (!std::isinf(range.min)) result.min = static_cast<int32_t>(range.min);
  if (!std::isinf(range.max)) result.max = static_cast<int32_t>(range.max);
  return result;
}

template <class In, class Out, class F>
void EvalUnary(const runtime::NodeContext& node, F f) {
  const In* in = node.inputs[0]->data_as<In>();
  Out* out = node.outputs[0]->data_as<Out>();
  const int64_t count = node.outputs[0]->num_elements();
  for (int64_t i = 0; i < count; ++i) out[i] = f(in[i]);
}

// 8-bit activations as TFLite evaluates them (kernels/activations.cc PopulateLookupTable):
// for every input byte q, out = clamp(round(f(in_scale * (q - in_zp)) / out_scale) + out_zp),
// computed in float. Indexed by the input byte's bit pattern.
using LookupTable8 = std::array<uint8_t, 256>;

template <class T, class F>
LookupTable8 BuildLookupTable(const QuantParams& in, const QuantParams& out, F transform) {
  static_assert(sizeof(T) == 1);
  LookupTable8 table{};
  const float in_scale = in.scale[0];
  const int32_t in_zero = in.zero_point.empty() ? 0 : static_cast<int32_t>(in.zero_point[0]);
  const float inverse_out_scale = 1.f / out.scale[0];
  const int32_t out_zero = out.zero_point.empty() ? 0 : static_cast<int32_t>(out.zero_point[0]);
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  for (int32_t q = kMin; q <= kMax; ++q) {
    const float transformed = transform(in_scale * static_cast<float>(q - in_zero));
    const int32_t quantized = static_cast<int32_t>(std::round(transformed * inverse_out_scale) + out_zero);
    table[static_cast<uint8_t>(static_cast<T>(q))] = static_cast<uint8_t>(static_cast<T>(std::clamp(quantized, kMin, kMax)));
  }
  return table;
}

template <class T>
void EvalLookupTable(const runtime::NodeContext& node, const LookupTable8& table) {
  EvalUnary<T, T>(node, [&](T q) { return static_cast<T>(table[static_cast<uint8_t>(q)]); });
}

}  // namespace edgepose::kernels
