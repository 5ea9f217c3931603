// QUANTIZE: FLOAT32 -> INT8 / UINT8 / INT16 as q = clamp(round(x / scale) + zero_point), the
// division in double and rounding half away from zero (TFLite reference AffineQuantize),
// per tensor or per channel along quantized_dimension. INT8 / UINT8 / INT16 inputs are
// requantized per tensor with TFLite's fixed-point Requantize:
// q_out = clamp(MultiplyByQuantizedMultiplier(q_in - zp_in, in_scale / out_scale) + zp_out). No options.
#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {
namespace {

struct QuantizeParams {
  std::vector<double> scales;  // one per channel (one entry when per tensor)
  std::vector<int32_t> zero_points;
  int64_t inner = 1;           // element i is in channel (i / inner) % scales.size()
  // Integer input only: the rescale from the input's scale to the output's.
  QuantizedMultiplier requantize;
  int32_t input_zero_point = 0;
  // 8-bit input: the result for each of its 256 values (index: the byte), as Requantize computes it.
  // The per-element fixed-point multiply cost 4.5 ns (the int8 detector's int16 score head: 0.24 ms).
  std::vector<int32_t> table;
};

int32_t RequantizeValue(const QuantizeParams& params, int32_t q, int32_t out_min, int32_t out_max) {
  const int32_t scaled =
      MultiplyByQuantizedMultiplier(q - params.input_zero_point, params.requantize.multiplier, params.requantize.shift);
  return std::min(out_max, std::max(out_min, scaled + params.zero_points[0]));
}

bool IsQuantizedType(DType type) { return type == DType::kInt8 || type == DType::kUInt8 || type == DType::kInt16; }

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(
      PrepareUnary(node, {DType::kFloat32, DType::kInt8, DType::kUInt8, DType::kInt16}, /*same_dtype=*/false));
  const Tensor& in = *node.inputs[0];
  const Tensor& out = *node.outputs[0];
  if (out.type != DType::kInt8 && out.type != DType::kUInt8 && out.type != DType::kInt16)
    return node.Fail(std::string("output dtype ") + DTypeName(out.type) + " is not supported (expected INT8, UINT8, INT16)");
  const QuantParams& quant = out.quant;
  if (quant.empty()) return node.Fail("output \"" + out.name + "\" has no quantization parameters");
  if (!quant.zero_point.empty() && quant.zero_point.size() != quant.scale.size())
    return node.Fail("output \"" + out.name + "\" has " + std::to_string(quant.scale.size()) + " scales but " +
                     std::to_string(quant.zero_point.size()) + " zero points");
  QuantizeParams params;
  if (quant.scale.size() > 1) {
    const int32_t axis = quant.quantized_dimension;
    if (axis < 0 || static_cast<size_t>(axis) >= out.rank() || static_cast<size_t>(out.dim(axis)) != quant.scale.size())
      return node.Fail("output \"" + out.name + "\": " + std::to_string(quant.scale.size()) +
                       " scales do not match quantized_dimension " + std::to_string(axis) + " of " + ShapeToString(out.shape));
    for (size_t d = axis + 1; d < out.rank(); ++d) params.inner *= out.dim(d);
  }
  for (size_t c = 0; c < quant.scale.size(); ++c) {
    if (!(quant.scale[c] > 0.f)) return node.Fail("output \"" + out.name + "\" has a non-positive scale");
    params.scales.push_back(quant.scale[c]);
    params.zero_points.push_back(quant.zero_point.empty() ? 0 : static_cast<int32_t>(quant.zero_point[c]));
  }
  if (IsQuantizedType(in.type)) {
    if (in.quant.scale.size() != 1 || params.scales.size() != 1)
      return node.Fail("requantizing \"" + in.name + "\" needs per-tensor parameters on input and output");
    if (!(in.quant.scale[0] > 0.f)) return node.Fail("input \"" + in.name + "\" has a non-positive scale");
    params.input_zero_point = in.quant.zero_point.empty() ? 0 : static_cast<int32_t>(in.quant.zero_point[0]);
    params.requantize = QuantizeMultiplier(static_cast<double>(in.quant.scale[0]) / params.scales[0]);
    int32_t out_min = 0, out_max = 0;
    QuantizedTypeRange(out.type, &out_min, &out_max);
    if (in.type != DType::kInt16) {
      params.table.resize(256);
      for (int byte = 0; byte < 256; ++byte) {
        const int32_t q = in.type == DType::kInt8 ? static_cast<int8_t>(byte) : byte;
        params.table[static_cast<size_t>(byte)] = RequantizeValue(params, q, out_min, out_max);
      }
    }
  }
  return runtime::KernelParams::Make(std::move(params));
}

template <class In, class Out>
void Requantize(const runtime::NodeContext& node, const QuantizeParams& params) {
  const In* in = node.inputs[0]->data_as<In>();
  Out* out = node.outputs[0]->data_as<Out>();
  const int64_t count = node.outputs[0]->num_elements();
  constexpr int32_t kMin = std::numeric_limits<Out>::min(), kMax = std::numeric_limits<Out>::max();
  if constexpr (sizeof(In) == 1) {
    const int32_t* table = params.table.data();
    for (int64_t i = 0; i < count; ++i) out[i] = static_cast<Out>(table[static_cast<uint8_t>(in[i])]);
  } else {
    for (int64_t i = 0; i < count; ++i) out[i] = static_cast<Out>(RequantizeValue(params, in[i], kMin, kMax));
  }
}

template <class In>
Status RequantizeFrom(const runtime::NodeContext& node, const QuantizeParams& params) {
  switch (node.outputs[0]->type) {
    case DType::kInt8: Requantize<In, int8_t>(node, params); return Ok();
    case DType::kUInt8: Requantize<In, uint8_t>(node, params); return Ok();
    case DType::kInt16: Requantize<In, int16_t>(node, params); return Ok();
    default: return node.Fail("unexpected dtype at Eval");
  }
}

template <class T>
void EvalTyped(const runtime::NodeContext& node, const QuantizeParams& params) {
  const float* in = node.inputs[0]->data_as<float>();
  T* out = node.outputs[0]->data_as<T>();
  const int64_t count = node.outputs[0]->num_elements();
  const int64_t channels = static_cast<int64_t>(params.scales.size());
  constexpr double kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = channels == 1 ? 0 : (i / params.inner) % channels;
    // Clamp in double first so huge or infinite inputs saturate instead of overflowing the cast.
    const double q = std::round(in[i] / params.scales[c]) + params.zero_points[c];
    out[i] = static_cast<T>(std::isnan(q) ? params.zero_points[c] : std::min(kMax, std::max(kMin, q)));
  }
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<QuantizeParams>();
  switch (node.inputs[0]->type) {
    case DType::kInt8: return RequantizeFrom<int8_t>(node, params);
    case DType::kUInt8: return RequantizeFrom<uint8_t>(node, params);
    case DType::kInt16: return RequantizeFrom<int16_t>(node, params);
    default: break;
  }
  switch (node.outputs[0]->type) {
    case DType::kInt8: EvalTyped<int8_t>(node, params); break;
    case DType::kUInt8: EvalTyped<uint8_t>(node, params); break;
    case DType::kInt16: EvalTyped<int16_t>(node, params); break;
    default: return node.Fail("unexpected dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& QuantizeKernel() {
  static const runtime::KernelDef kernel{"reference/QUANTIZE", tfl::BuiltinOperator_QUANTIZE, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
