// TRANSPOSE_CONV as TFLite runs it (transpose_conv.cc, reference/transpose_conv.h):
//   inputs: output_shape (constant INT32 [4]), weights [C_out,KH,KW,C_in] (OHWI), input [N,H,W,C_in],
//   optional bias [C_out]. Every input pixel (y, x) scatters input * weights into output pixels
//   (y*stride - pad_top + ky, x*stride - pad_left + kx). The padding is the one a forward conv from
//   the output size to the input size would use (SAME: half the total, odd pixel after; VALID: 0).
//   Options TransposeConvOptions: padding, stride_w/h, fused activation (default NONE).
// Dtypes: FLOAT32; INT8 with int8 weights (per-tensor or per-channel on dim 0) and int32 bias;
// INT16 (zero point 0) with int8 weights and int64/int32 bias.
#include "runtime/kernels/reference/transpose_conv.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

namespace edgepose::kernels::reference {

Result<TransposeConvParams> PrepareTransposeConv(runtime::NodeContext& node) {
  if (node.inputs.size() < 3 || node.inputs.size() > 4 || node.outputs.size() != 1)
    return node.Fail("expected 3 or 4 inputs and 1 output");
  const Tensor* output_shape = node.input(kTransposeConvOutputShape);
  const Tensor* weights = node.input(kTransposeConvWeights);
  const Tensor* input = node.input(kTransposeConvInput);
  const Tensor* bias = node.input(kTransposeConvBias);
  Tensor& output = *node.outputs[0];
  if (!output_shape || !weights || !input) return node.Fail("output_shape, weights and input are required");
  if (output_shape->type != DType::kInt32 || output_shape->num_elements() != 4)
    return node.Fail("output_shape \"" + output_shape->name + "\" must be an INT32 tensor of 4 values");
  if (!output_shape->is_constant) return node.Fail("output_shape \"" + output_shape->name + "\" must be constant");
  if (input->rank() != 4) return node.Fail("input \"" + input->name + "\" has " + std::to_string(input->rank()) + " dims, expected 4");
  if (weights->rank() != 4) return node.Fail("weights \"" + weights->name + "\" has " + std::to_string(weights->rank()) + " dims, expected 4");
  const int32_t* dims = output_shape->data_as<int32_t>();
  const Shape out_shape(dims, dims + 4);
  if (out_shape[0] != input->dim(0) || out_shape[3] != weights->dim(0) || weights->dim(3) != input->dim(3) ||
      out_shape[1] < 1 || out_shape[2] < 1 || weights->dim(1) < 1 || weights->dim(2) < 1)
    return node.Fail("output_shape " + ShapeToString(out_shape) + ", weights " + ShapeToString(weights->shape) +
                     " and input " + ShapeToString(input->shape) + " do not agree");
  if (bias && bias->num_elements() != out_shape[3])
    return node.Fail("bias \"" + bias->name + "\" has " + std::to_string(bias->num_elements()) + " elements, expected " +
                     std::to_string(out_shape[3]));

  tfl::TransposeConvOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsTransposeConvOptions();
  if (!options) options = &defaults;
  TransposeConvParams params;
  params.stride_h = options->stride_h;
  params.stride_w = options->stride_w;
  if (params.stride_h < 1 || params.stride_w < 1) return node.Fail("strides must be at least 1");
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;
  const Padding2D padding = ComputePadding2D(options->padding, out_shape[1], out_shape[2], weights->dim(1),
                                             weights->dim(2), params.stride_h, params.stride_w);
  params.pad_top = padding.top;
  params.pad_left = padding.left;

  if (input->type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input->type) + " differs from output " + DTypeName(output.type));
  switch (input->type) {
    case DType::kFloat32:
      if (weights->type != DType::kFloat32 || (bias && bias->type != DType::kFloat32))
        return node.Fail("float input needs float32 weights and bias");
      break;
    case DType::kInt8:
    case DType::kInt16: {
      if (input->type == DType::kInt16 && ZeroPoint(*input) != 0)
        return node.Fail("int16 input \"" + input->name + "\" must have zero point 0");
      if (weights->type != DType::kInt8) return node.Fail("quantized input needs int8 weights");
      if (weights->quant.per_channel() && weights->quant.quantized_dimension != 0)
        return node.Fail("per-channel weights \"" + weights->name + "\" must be quantized along dimension 0");
      auto quant = PrepareConvRequantize(*input, *weights, bias, output, out_shape[3], params.range);
      if (!quant) return node.Fail(quant.error().message);
      params.quant = std::move(*quant);
      break;
    }
    default:
      return node.Fail(std::string("dtype ") + DTypeName(input->type) + " is not supported");
  }
  output.shape = out_shape;
  return params;
}

namespace {

// Scatters every input pixel into `acc` ([N,OH,OW,C_out]) as sums of (input + input_offset) * weights.
template <class In, class Acc>
void Scatter(const runtime::NodeContext& node, const TransposeConvParams& p, Acc input_offset, std::vector<Acc>& acc) {
  const Tensor& input = *node.inputs[kTransposeConvInput];
  const Tensor& weights = *node.inputs[kTransposeConvWeights];
  const Tensor& output = *node.outputs[0];
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), in_c = input.dim(3);
  const int out_h = output.dim(1), out_w = output.dim(2), out_c = output.dim(3);
  const int kernel_h = weights.dim(1), kernel_w = weights.dim(2);
  const In* in = input.data_as<In>();
  using Weight = std::conditional_t<std::is_floating_point_v<In>, float, int8_t>;
  const Weight* w = weights.data_as<Weight>();
  std::fill(acc.begin(), acc.end(), Acc{0});
  std::vector<Acc> pixel(static_cast<size_t>(in_c));
  for (int b = 0; b < batches; ++b)
    for (int iy = 0; iy < in_h; ++iy)
      for (int ix = 0; ix < in_w; ++ix) {
        const In* src = in + ((static_cast<int64_t>(b) * in_h + iy) * in_w + ix) * in_c;
        for (int c = 0; c < in_c; ++c) pixel[c] = static_cast<Acc>(src[c]) + input_offset;
        for (int ky = 0; ky < kernel_h; ++ky) {
          const int oy = iy * p.stride_h - p.pad_top + ky;
          if (oy < 0 || oy >= out_h) continue;
          for (int kx = 0; kx < kernel_w; ++kx) {
            const int ox = ix * p.stride_w - p.pad_left + kx;
            if (ox < 0 || ox >= out_w) continue;
            Acc* dst = acc.data() + ((static_cast<int64_t>(b) * out_h + oy) * out_w + ox) * out_c;
            for (int o = 0; o < out_c; ++o) {
              const Weight* taps = w + ((static_cast<int64_t>(o) * kernel_h + ky) * kernel_w + kx) * in_c;
              Acc sum = 0;
              for (int c = 0; c < in_c; ++c) sum += pixel[c] * static_cast<Acc>(taps[c]);
              dst[o] += sum;
            }
          }
        }
      }
}

void EvalFloat(const runtime::NodeContext& node, const TransposeConvParams& p) {
  Tensor& output = *node.outputs[0];
  std::vector<float> acc(static_cast<size_t>(output.num_elements()));
  Scatter<float, float>(node, p, 0.f, acc);
  const Tensor* bias = node.input(kTransposeConvBias);
  const int out_c = output.dim(3);
  float* out = output.data_as<float>();
  for (size_t i = 0; i < acc.size(); ++i)
    out[i] = p.range.Apply(acc[i] + (bias ? bias->data_as<float>()[i % out_c] : 0.f));
}

template <class In, class Acc>
void EvalInteger(const runtime::NodeContext& node, const TransposeConvParams& p) {
  Tensor& output = *node.outputs[0];
  std::vector<Acc> acc(static_cast<size_t>(output.num_elements()));
  Scatter<In, Acc>(node, p, p.quant.input_offset, acc);
  const Tensor* bias = node.input(kTransposeConvBias);
  const int out_c = output.dim(3);
  In* out = output.data_as<In>();
  for (size_t i = 0; i < acc.size(); ++i) {
    const int channel = static_cast<int>(i % out_c);
    Acc total = acc[i];
    if (bias) total += bias->type == DType::kInt64 ? static_cast<Acc>(bias->data_as<int64_t>()[channel])
                                                   : static_cast<Acc>(bias->data_as<int32_t>()[channel]);
    out[i] = static_cast<In>(p.quant.Apply(total, channel));
  }
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(TransposeConvParams params, PrepareTransposeConv(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<TransposeConvParams>();
  switch (node.inputs[kTransposeConvInput]->type) {
    case DType::kFloat32: EvalFloat(node, params); break;
    case DType::kInt8: EvalInteger<int8_t, int32_t>(node, params); break;
    case DType::kInt16: EvalInteger<int16_t, int64_t>(node, params); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& TransposeConvKernel() {
  static const runtime::KernelDef kernel{"reference/TRANSPOSE_CONV", tfl::BuiltinOperator_TRANSPOSE_CONV,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
