// DEQUANTIZE: FLOAT16 -> FLOAT32 (exact widening), and INT8 / UINT8 / INT16 -> FLOAT32 as
// real = scale * (q - zero_point), per tensor or per channel along quantized_dimension
// (TFLite kernels/dequantize.cc; the reference computes the per-tensor product in double).
// No options. The interpreter folds DEQUANTIZE of constant weights at Create.
#include "core/float16.h"
#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {
namespace {

struct DequantizeParams {
  // Per-channel layout: element i belongs to channel (i / inner) % scales.size().
  std::vector<float> scales;
  std::vector<int32_t> zero_points;
  int64_t inner = 1;
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat16, DType::kInt8, DType::kUInt8, DType::kInt16},
                                  /*same_dtype=*/false));
  const Tensor& in = *node.inputs[0];
  if (node.outputs[0]->type != DType::kFloat32)
    return node.Fail(std::string("output dtype ") + DTypeName(node.outputs[0]->type) + " is not FLOAT32");
  DequantizeParams params;
  if (in.type == DType::kFloat16) return runtime::KernelParams::Make(std::move(params));

  const QuantParams& quant = in.quant;
  if (quant.empty()) return node.Fail("input \"" + in.name + "\" has no quantization parameters");
  if (!quant.zero_point.empty() && quant.zero_point.size() != quant.scale.size())
    return node.Fail("input \"" + in.name + "\" has " + std::to_string(quant.scale.size()) + " scales but " +
                     std::to_string(quant.zero_point.size()) + " zero points");
  if (quant.scale.size() > 1) {
    const int32_t axis = quant.quantized_dimension;
    if (axis < 0 || static_cast<size_t>(axis) >= in.rank())
      return node.Fail("input \"" + in.name + "\": quantized_dimension " + std::to_string(axis) +
                       " is outside rank " + std::to_string(in.rank()));
    if (static_cast<size_t>(in.dim(axis)) != quant.scale.size())
      return node.Fail("input \"" + in.name + "\": " + std::to_string(quant.scale.size()) +
                       " scales for dimension " + std::to_string(axis) + " of size " + std::to_string(in.dim(axis)));
    for (size_t d = axis + 1; d < in.rank(); ++d) params.inner *= in.dim(d);
  }
  params.scales = quant.scale;
  for (size_t c = 0; c < quant.scale.size(); ++c)
    params.zero_points.push_back(quant.zero_point.empty() ? 0 : static_cast<int32_t>(quant.zero_point[c]));
  return runtime::KernelParams::Make(std::move(params));
}

template <class T>
void EvalQuantized(const runtime::NodeContext& node, const DequantizeParams& params) {
  if (params.scales.size() == 1) {
    const double scale = params.scales[0];
    const int32_t zero_point = params.zero_points[0];
    EvalUnary<T, float>(node, [&](T q) { return static_cast<float>(scale * (static_cast<int32_t>(q) - zero_point)); });
    return;
  }
  const T* in = node.inputs[0]->data_as<T>();
  float* out = node.outputs[0]->data_as<float>();
  const int64_t count = node.outputs[0]->num_elements();
  const int64_t channels = static_cast<int64_t>(params.scales.size());
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = (i / params.inner) % channels;
    out[i] = static_cast<float>(static_cast<int32_t>(in[i]) - params.zero_points[c]) * params.scales[c];
  }
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<DequantizeParams>();
  switch (node.inputs[0]->type) {
    case DType::kFloat16: EvalUnary<uint16_t, float>(node, HalfToFloat); break;
    case DType::kInt8: EvalQuantized<int8_t>(node, params); break;
    case DType::kUInt8: EvalQuantized<uint8_t>(node, params); break;
    case DType::kInt16: EvalQuantized<int16_t>(node, params); break;
    default: return node.Fail("unexpected dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& DequantizeKernel() {
  static const runtime::KernelDef kernel{"reference/DEQUANTIZE", tfl::BuiltinOperator_DEQUANTIZE,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
