// CONCATENATION: joins N >= 1 inputs along `axis` (negative counts from the end); every other
// dim must match (TFLite kernels/concatenation.cc). Options: axis, fused_activation_function.
// TFLite itself only accepts activation NONE; we also honour RELU / RELU6 / RELU_N1_TO_1 on
// FLOAT32 as a clamp, and reject them on integer dtypes. Dtypes: FLOAT32, INT32, INT64, BOOL
// (byte copy), INT8, UINT8, INT16 (requantized to the output's parameters when they differ).
#include "runtime/kernels/reference/concatenation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace edgepose::kernels::reference {

namespace {

bool IsQuantizedType(DType type) { return type == DType::kInt8 || type == DType::kUInt8 || type == DType::kInt16; }

bool SameQuant(const Tensor& a, const Tensor& b) {
  const float scale_a = a.quant.scale.empty() ? 0.f : a.quant.scale[0];
  const float scale_b = b.quant.scale.empty() ? 0.f : b.quant.scale[0];
  const int64_t zp_a = a.quant.zero_point.empty() ? 0 : a.quant.zero_point[0];
  const int64_t zp_b = b.quant.zero_point.empty() ? 0 : b.quant.zero_point[0];
  return scale_a == scale_b && zp_a == zp_b;
}

}  // namespace

Result<ConcatenationParams> PrepareConcatenation(runtime::NodeContext& node) {
  if (node.inputs.empty() || node.outputs.size() != 1) return node.Fail("expected at least 1 input and 1 output");
  for (size_t i = 0; i < node.inputs.size(); ++i)
    if (!node.inputs[i]) return node.Fail("input " + std::to_string(i) + " is missing");
  const Tensor& first = *node.inputs[0];
  Tensor& out = *node.outputs[0];
  const auto* options = node.ir->builtin_options.AsConcatenationOptions();
  const int rank = static_cast<int>(first.rank());
  int axis = options ? options->axis : 0;
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank)
    return node.Fail("axis " + std::to_string(options ? options->axis : 0) + " is outside rank " + std::to_string(rank));
  switch (first.type) {
    case DType::kFloat32: case DType::kInt32: case DType::kInt64: case DType::kBool:
    case DType::kInt8: case DType::kUInt8: case DType::kInt16: break;
    default: return node.Fail(std::string("dtype ") + DTypeName(first.type) + " is not supported");
  }
  if (out.type != first.type)
    return node.Fail(std::string("output dtype ") + DTypeName(out.type) + " differs from input dtype " + DTypeName(first.type));

  ConcatenationParams params;
  params.axis = axis;
  Shape out_shape = first.shape;
  out_shape[axis] = 0;
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const Tensor& in = *node.inputs[i];
    if (in.type != first.type)
      return node.Fail("input " + std::to_string(i) + " \"" + in.name + "\" has dtype " + DTypeName(in.type) +
                       ", input 0 has " + DTypeName(first.type));
    if (static_cast<int>(in.rank()) != rank)
      return node.Fail("input " + std::to_string(i) + " \"" + in.name + "\" has shape " + ShapeToString(in.shape) +
                       ", input 0 has " + ShapeToString(first.shape));
    for (int d = 0; d < rank; ++d)
      if (d != axis && in.dim(d) != first.dim(d))
        return node.Fail("input " + std::to_string(i) + " \"" + in.name + "\" has shape " + ShapeToString(in.shape) +
                         ", input 0 has " + ShapeToString(first.shape) + " (axis " + std::to_string(axis) + ")");
    out_shape[axis] += in.dim(axis);
    params.axis_dims.push_back(in.dim(axis));
  }
  for (int d = 0; d < axis; ++d) params.outer *= first.dim(d);
  for (int d = axis + 1; d < rank; ++d) params.inner *= first.dim(d);
  out.shape = out_shape;

  const auto activation = options ? options->fused_activation_function : tfl::ActivationFunctionType_NONE;
  auto range = FusedActivationRange(activation);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;
  params.clamp = activation != tfl::ActivationFunctionType_NONE;
  if (params.clamp && first.type != DType::kFloat32)
    return node.Fail(std::string("fused activation on ") + DTypeName(first.type) + " is not supported");

  if (IsQuantizedType(first.type)) {
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const Tensor& in = *node.inputs[i];
      const bool differs = !SameQuant(in, out);
      params.requantize.push_back(differs);
      if (differs && (in.quant.scale.size() != 1 || out.quant.scale.size() != 1 || !(out.quant.scale[0] > 0.f)))
        return node.Fail("input " + std::to_string(i) + " \"" + in.name +
                         "\" needs per-tensor quantization to be requantized to the output's");
      params.input_scale.push_back(in.quant.scale.empty() ? 1.f : in.quant.scale[0]);
      params.input_zero_point.push_back(in.quant.zero_point.empty() ? 0.f : static_cast<float>(in.quant.zero_point[0]));
    }
    if (!out.quant.scale.empty()) params.output_scale = out.quant.scale[0];
    if (!out.quant.zero_point.empty()) params.output_zero_point = static_cast<int32_t>(out.quant.zero_point[0]);
  }
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(ConcatenationParams params, PrepareConcatenation(node));
  return runtime::KernelParams::Make(std::move(params));
}

// Requantizes one run of `count` values of input `i`.
template <class T>
void Requantize(const ConcatenationParams& params, size_t i, const T* in, T* out, int64_t count) {
  const float scale = params.input_scale[i] / params.output_scale;
  const float bias = -params.input_zero_point[i] * scale;
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  for (int64_t k = 0; k < count; ++k) {
    const int32_t q = static_cast<int32_t>(std::round(static_cast<float>(in[k]) * scale + bias)) + params.output_zero_point;
    out[k] = static_cast<T>(std::min(kMax, std::max(kMin, q)));
  }
}

template <class T>
void EvalQuantized(const runtime::NodeContext& node, const ConcatenationParams& params) {
  T* out = node.outputs[0]->data_as<T>();
  for (int64_t o = 0; o < params.outer; ++o) {
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const int64_t run = params.axis_dims[i] * params.inner;
      const T* in = node.inputs[i]->data_as<T>() + o * run;
      if (params.requantize[i]) Requantize(params, i, in, out, run);
      else std::memcpy(out, in, static_cast<size_t>(run) * sizeof(T));
      out += run;
    }
  }
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<ConcatenationParams>();
  const DType type = node.outputs[0]->type;
  if (type == DType::kInt8) { EvalQuantized<int8_t>(node, params); return Ok(); }
  if (type == DType::kUInt8) { EvalQuantized<uint8_t>(node, params); return Ok(); }
  if (type == DType::kInt16) { EvalQuantized<int16_t>(node, params); return Ok(); }
  // Everything else is a byte copy of each input's run per outer index, then the float clamp.
  const size_t element = DTypeSize(type);
  uint8_t* out = node.outputs[0]->data;
  for (int64_t o = 0; o < params.outer; ++o) {
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const size_t run = static_cast<size_t>(params.axis_dims[i] * params.inner) * element;
      std::memcpy(out, node.inputs[i]->data + o * run, run);
      out += run;
    }
  }
  if (params.clamp) {
    float* values = node.outputs[0]->data_as<float>();
    const int64_t count = node.outputs[0]->num_elements();
    for (int64_t k = 0; k < count; ++k) values[k] = params.range.Apply(values[k]);
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& ConcatenationKernel() {
  static const runtime::KernelDef kernel{"reference/CONCATENATION", tfl::BuiltinOperator_CONCATENATION,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
