// MEAN as TFLite runs it (reduce.cc): the average of the input over the dims listed in the constant
// INT32/INT64 axes tensor (negative axes count from the end, duplicates allowed, an empty list
// reduces nothing); ReducerOptions keep_dims keeps reduced dims as 1, otherwise they are removed.
// FLOAT32 (summed in double, then divided). INT8 / UINT8 / INT16: the integer sum minus
// count * input zero point, rescaled by input_scale / (count * output_scale) with TFLite's fixed-point
// multiplier (rounding as MultiplyByQuantizedMultiplier), plus the output zero point, saturated.
#include "runtime/kernels/reference/mean.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace edgepose::kernels::reference {

Result<MeanParams> PrepareMean(runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1])
    return node.Fail("expected 2 inputs and 1 output");
  const Tensor& input = *node.input(kMeanInput);
  const Tensor& axes = *node.input(kMeanAxes);
  Tensor& output = *node.outputs[0];
  if (input.rank() > kMaxMeanRank) return node.Fail("input rank " + std::to_string(input.rank()) + " exceeds 6");
  if (axes.type != DType::kInt32 && axes.type != DType::kInt64)
    return node.Fail(std::string("axes dtype ") + DTypeName(axes.type) + " is not INT32 or INT64");
  if (!axes.is_constant) return node.Fail("axes \"" + axes.name + "\" must be constant");
  if (input.type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input.type) + " differs from output " + DTypeName(output.type));
  int32_t qmin = 0, qmax = 0;
  const bool quantized = QuantizedTypeRange(input.type, &qmin, &qmax);
  if (!quantized && input.type != DType::kFloat32)
    return node.Fail(std::string("dtype ") + DTypeName(input.type) + " is not supported");
  if (quantized && (input.quant.scale.size() != 1 || output.quant.scale.size() != 1 || !(output.quant.scale[0] > 0)))
    return node.Fail("quantized input \"" + input.name + "\" and output \"" + output.name + "\" need per-tensor quantization");

  tfl::ReducerOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsReducerOptions();
  if (!options) options = &defaults;
  MeanParams params;
  params.rank = static_cast<int>(input.rank());
  params.keep_dims = options->keep_dims;
  for (int64_t i = 0; i < axes.num_elements(); ++i) {
    int64_t axis = axes.type == DType::kInt32 ? axes.data_as<int32_t>()[i] : axes.data_as<int64_t>()[i];
    if (axis < -params.rank || axis >= params.rank)
      return node.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(params.rank));
    if (axis < 0) axis += params.rank;
    params.reduced[axis] = true;
  }
  Shape out_shape;
  for (int d = 0; d < params.rank; ++d) {
    if (params.reduced[d]) {
      params.reduced_count *= input.dim(d);
      if (params.keep_dims) out_shape.push_back(1);
    } else {
      out_shape.push_back(input.dim(d));
    }
  }
  if (params.reduced_count < 1) return node.Fail("cannot average over an empty dim of " + ShapeToString(input.shape));
  if (quantized)
    params.rescale = QuantizeMultiplier(static_cast<double>(input.quant.scale[0]) /
                                        (static_cast<double>(output.quant.scale[0]) * static_cast<double>(params.reduced_count)));
  output.shape = out_shape;
  return params;
}

namespace {

// Sums every input element into its output slot (reduced dims have output stride 0).
template <class T, class Acc>
std::vector<Acc> SumReduced(const Tensor& input, const MeanParams& p, int64_t out_count) {
  std::vector<Acc> sums(static_cast<size_t>(out_count), Acc{0});
  std::array<int64_t, kMaxMeanRank> out_stride{};
  int64_t stride = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    out_stride[d] = p.reduced[d] ? 0 : stride;
    if (!p.reduced[d]) stride *= input.dim(d);
  }
  const T* in = input.data_as<T>();
  const int64_t count = input.num_elements();
  std::array<int32_t, kMaxMeanRank> index{};
  int64_t out_index = 0;
  for (int64_t i = 0; i < count; ++i) {
    sums[out_index] += static_cast<Acc>(in[i]);
    for (int d = p.rank - 1; d >= 0; --d) {
      out_index += out_stride[d];
      if (++index[d] < input.dim(d)) break;
      out_index -= out_stride[d] * input.dim(d);
      index[d] = 0;
    }
  }
  return sums;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(MeanParams params, PrepareMean(node));
  return runtime::KernelParams::Make(std::move(params));
}

template <class T>
void EvalInteger(const runtime::NodeContext& node, const MeanParams& p) {
  const Tensor& input = *node.inputs[kMeanInput];
  Tensor& output = *node.outputs[0];
  const int64_t out_count = output.num_elements();
  const std::vector<int64_t> sums = SumReduced<T, int64_t>(input, p, out_count);
  const int64_t input_zero_sum = static_cast<int64_t>(ZeroPoint(input)) * p.reduced_count;
  const int32_t out_zp = ZeroPoint(output);
  int32_t qmin = 0, qmax = 0;
  QuantizedTypeRange(output.type, &qmin, &qmax);
  T* out = output.data_as<T>();
  for (int64_t i = 0; i < out_count; ++i) {
    const int64_t centred = sums[i] - input_zero_sum;
    // MultiplyByQuantizedMultiplier takes int32; a larger sum (long int16 reductions) is scaled in
    // double with the same multiplier instead.
    const int32_t scaled = p.rescale.multiplier == 0 ? 0
        : (centred >= INT32_MIN && centred <= INT32_MAX)
            ? MultiplyByQuantizedMultiplier(static_cast<int32_t>(centred), p.rescale.multiplier, p.rescale.shift)
            : static_cast<int32_t>(std::llround(static_cast<double>(centred) * std::ldexp(static_cast<double>(p.rescale.multiplier), p.rescale.shift - 31)));
    out[i] = static_cast<T>(std::clamp(scaled + out_zp, qmin, qmax));
  }
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& p = state.as<MeanParams>();
  Tensor& output = *node.outputs[0];
  switch (output.type) {
    case DType::kFloat32: {
      const int64_t out_count = output.num_elements();
      const std::vector<double> sums = SumReduced<float, double>(*node.inputs[kMeanInput], p, out_count);
      float* out = output.data_as<float>();
      for (int64_t i = 0; i < out_count; ++i) out[i] = static_cast<float>(sums[i] / static_cast<double>(p.reduced_count));
      break;
    }
    case DType::kInt8: EvalInteger<int8_t>(node, p); break;
    case DType::kUInt8: EvalInteger<uint8_t>(node, p); break;
    case DType::kInt16: EvalInteger<int16_t>(node, p); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& MeanKernel() {
  static const runtime::KernelDef kernel{"reference/MEAN", tfl::BuiltinOperator_MEAN, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
