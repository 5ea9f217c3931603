// DEPTHWISE_CONV_2D as TFLite runs it (reference/depthwiseconv_float.h, integer_ops/depthwise_conv.h):
//   input [N,H,W,C], filter [1,KH,KW,C*M], optional bias [C*M], output [N,OH,OW,C*M] where output
//   channel c*M + m reads input channel c. Options DepthwiseConv2DOptions: padding, stride_w/h,
//   dilation_w/h_factor (default 1), fused activation. The multiplier M is derived from the shapes
//   (filter depth / input depth) as current TFLite does; the file's depth_multiplier option may be
//   0, absent or stale and is ignored.
// Dtypes: FLOAT32; INT8 with int8 filter (per-tensor or per-channel on dim 3) and int32 bias; UINT8
// with uint8 filter; INT16 (zero point 0) with int8 filter and int64/int32 bias.
#include "runtime/kernels/reference/depthwise_conv_2d.h"
#include "runtime/kernels/common/hybrid.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

namespace edgepose::kernels::reference {

Result<DepthwiseConv2DParams> PrepareDepthwiseConv2D(runtime::NodeContext& node) {
  if (node.inputs.size() < 2 || node.inputs.size() > 3 || node.outputs.size() != 1)
    return node.Fail("expected 2 or 3 inputs and 1 output");
  const Tensor* input = node.input(kDepthwiseInput);
  const Tensor* filter = node.input(kDepthwiseFilter);
  const Tensor* bias = node.input(kDepthwiseBias);
  Tensor& output = *node.outputs[0];
  if (!input || !filter) return node.Fail("input and filter are required");
  if (input->rank() != 4) return node.Fail("input \"" + input->name + "\" has " + std::to_string(input->rank()) + " dims, expected 4");
  if (filter->rank() != 4 || filter->dim(0) != 1)
    return node.Fail("filter \"" + filter->name + "\" has shape " + ShapeToString(filter->shape) + ", expected [1,KH,KW,C*M]");

  tfl::DepthwiseConv2DOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsDepthwiseConv2DOptions();
  if (!options) options = &defaults;
  DepthwiseConv2DParams params;
  params.stride_h = options->stride_h;
  params.stride_w = options->stride_w;
  params.dilation_h = options->dilation_h_factor;
  params.dilation_w = options->dilation_w_factor;
  if (params.stride_h < 1 || params.stride_w < 1 || params.dilation_h < 1 || params.dilation_w < 1)
    return node.Fail("strides and dilations must be at least 1");
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;

  const int in_c = input->dim(3), out_c = filter->dim(3);
  if (in_c <= 0 || out_c <= 0 || out_c % in_c != 0)
    return node.Fail("filter depth " + std::to_string(out_c) + " is not a multiple of input depth " + std::to_string(in_c));
  params.depth_multiplier = out_c / in_c;
  if (bias && bias->num_elements() != out_c)
    return node.Fail("bias \"" + bias->name + "\" has " + std::to_string(bias->num_elements()) + " elements, expected " + std::to_string(out_c));
  if (input->dim(0) < 1 || input->dim(1) < 1 || input->dim(2) < 1 || filter->dim(1) < 1 || filter->dim(2) < 1)
    return node.Fail("input " + ShapeToString(input->shape) + " or filter " + ShapeToString(filter->shape) + " has an empty dimension");
  params.padding = ComputePadding2D(options->padding, input->dim(1), input->dim(2), filter->dim(1), filter->dim(2),
                                    params.stride_h, params.stride_w, params.dilation_h, params.dilation_w);
  if (params.padding.out_h < 1 || params.padding.out_w < 1)
    return node.Fail("filter " + ShapeToString(filter->shape) + " does not fit input " + ShapeToString(input->shape));

  if (input->type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input->type) + " differs from output " + DTypeName(output.type));
  switch (input->type) {
    case DType::kFloat32:
      if (IsHybrid(*input, *filter)) {  // dynamic-range quantized weights (common/hybrid.h)
        if (const std::string problem = CheckHybridWeights(*filter, bias, out_c, 3); !problem.empty())
          return node.Fail(problem);
        break;
      }
      if (filter->type != DType::kFloat32 || (bias && bias->type != DType::kFloat32))
        return node.Fail("float input needs float32 filter and bias");
      break;
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kInt16: {
      if (input->type == DType::kInt16 && ZeroPoint(*input) != 0)
        return node.Fail("int16 input \"" + input->name + "\" must have zero point 0");
      if ((input->type == DType::kUInt8) != (filter->type == DType::kUInt8))
        return node.Fail(std::string("filter dtype ") + DTypeName(filter->type) + " does not match input " + DTypeName(input->type));
      if (filter->quant.per_channel() && filter->quant.quantized_dimension != 3)
        return node.Fail("per-channel filter \"" + filter->name + "\" must be quantized along dimension 3");
      auto quant = PrepareConvRequantize(*input, *filter, bias, output, out_c, params.range);
      if (!quant) return node.Fail(quant.error().message);
      params.quant = std::move(*quant);
      break;
    }
    default:
      return node.Fail(std::string("dtype ") + DTypeName(input->type) + " is not supported");
  }
  output.shape = {input->dim(0), params.padding.out_h, params.padding.out_w, out_c};
  return params;
}

namespace {

// Visits every output pixel with `acc` (C*M entries) holding the window sums of
// (input + input_offset) * (filter + filter_offset); `emit(acc, output_pixel)` writes the pixel.
template <class In, class Weight, class Acc, class Emit>
void DepthwiseWindows(const runtime::NodeContext& node, const DepthwiseConv2DParams& p, Acc input_offset,
                      Acc filter_offset, Emit emit) {
  const Tensor& input = *node.inputs[kDepthwiseInput];
  const Tensor& filter = *node.inputs[kDepthwiseFilter];
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), in_c = input.dim(3);
  const int kernel_h = filter.dim(1), kernel_w = filter.dim(2), out_c = filter.dim(3);
  const int multiplier = p.depth_multiplier;
  const In* in_data = input.data_as<In>();
  const Weight* filter_data = filter.data_as<Weight>();
  std::vector<Acc> acc(static_cast<size_t>(out_c));
  int64_t out_pixel = 0;
  for (int b = 0; b < batches; ++b) {
    for (int oy = 0; oy < p.padding.out_h; ++oy) {
      for (int ox = 0; ox < p.padding.out_w; ++ox, ++out_pixel) {
        std::fill(acc.begin(), acc.end(), Acc{0});
        const int y0 = oy * p.stride_h - p.padding.top;
        const int x0 = ox * p.stride_w - p.padding.left;
        for (int ky = 0; ky < kernel_h; ++ky) {
          const int y = y0 + ky * p.dilation_h;
          if (y < 0 || y >= in_h) continue;
          for (int kx = 0; kx < kernel_w; ++kx) {
            const int x = x0 + kx * p.dilation_w;
            if (x < 0 || x >= in_w) continue;
            const In* pixel = in_data + ((static_cast<int64_t>(b) * in_h + y) * in_w + x) * in_c;
            const Weight* taps = filter_data + (static_cast<int64_t>(ky) * kernel_w + kx) * out_c;
            if constexpr (std::is_floating_point_v<Acc>) {
              if (multiplier == 1) {
                for (int c = 0; c < in_c; ++c) acc[c] += pixel[c] * taps[c];
                continue;
              }
            }
            for (int c = 0; c < in_c; ++c) {
              const Acc value = static_cast<Acc>(pixel[c]) + input_offset;
              for (int m = 0; m < multiplier; ++m) {
                const int o = c * multiplier + m;
                acc[o] += value * (static_cast<Acc>(taps[o]) + filter_offset);
              }
            }
          }
        }
        emit(acc, out_pixel);
      }
    }
  }
}

void EvalFloat(const runtime::NodeContext& node, const DepthwiseConv2DParams& p) {
  const Tensor* bias = node.input(kDepthwiseBias);
  const float* bias_data = bias ? bias->data_as<float>() : nullptr;
  float* out = node.outputs[0]->data_as<float>();
  DepthwiseWindows<float, float, float>(node, p, 0.f, 0.f, [&](const std::vector<float>& acc, int64_t pixel) {
    float* dst = out + pixel * static_cast<int64_t>(acc.size());
    for (size_t o = 0; o < acc.size(); ++o) dst[o] = p.range.Apply(acc[o] + (bias_data ? bias_data[o] : 0.f));
  });
}

// Float input quantized per batch on the fly, int8 weights, float bias and output.
void EvalHybrid(const runtime::NodeContext& node, const DepthwiseConv2DParams& p) {
  const Tensor& filter = *node.inputs[kDepthwiseFilter];
  const Tensor* bias = node.input(kDepthwiseBias);
  float* out = node.outputs[0]->data_as<float>();
  const int64_t batch_values = static_cast<int64_t>(p.padding.out_h) * p.padding.out_w * filter.dim(3);
  ForEachQuantizedBatch(node, kDepthwiseInput, [&](const runtime::NodeContext& batch, int b, AsymmetricQuantization q) {
    DepthwiseWindows<int8_t, int8_t, int32_t>(batch, p, -q.zero_point, 0, [&](const std::vector<int32_t>& acc, int64_t pixel) {
      float* dst = out + b * batch_values + pixel * static_cast<int64_t>(acc.size());
      for (size_t o = 0; o < acc.size(); ++o)
        dst[o] = p.range.Apply(HybridValue(acc[o], WeightScale(filter, static_cast<int>(o)), q.scale,
                                           bias ? bias->data_as<float>()[o] : 0.f));
    });
  });
}

template <class In, class Weight, class Acc>
void EvalInteger(const runtime::NodeContext& node, const DepthwiseConv2DParams& p) {
  const Tensor* bias = node.input(kDepthwiseBias);
  In* out = node.outputs[0]->data_as<In>();
  const RequantizeParams& q = p.quant;
  DepthwiseWindows<In, Weight, Acc>(node, p, q.input_offset, q.filter_offset, [&](const std::vector<Acc>& acc, int64_t pixel) {
    In* dst = out + pixel * static_cast<int64_t>(acc.size());
    for (size_t o = 0; o < acc.size(); ++o) {
      Acc total = acc[o];
      if (bias) total += bias->type == DType::kInt64 ? static_cast<Acc>(bias->data_as<int64_t>()[o])
                                                     : static_cast<Acc>(bias->data_as<int32_t>()[o]);
      dst[o] = static_cast<In>(q.Apply(total, static_cast<int>(o)));
    }
  });
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(DepthwiseConv2DParams params, PrepareDepthwiseConv2D(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<DepthwiseConv2DParams>();
  switch (node.inputs[kDepthwiseInput]->type) {
    case DType::kFloat32:
      if (node.inputs[kDepthwiseFilter]->type == DType::kInt8) EvalHybrid(node, params);
      else EvalFloat(node, params);
      break;
    case DType::kInt8: EvalInteger<int8_t, int8_t, int32_t>(node, params); break;
    case DType::kUInt8: EvalInteger<uint8_t, uint8_t, int32_t>(node, params); break;
    case DType::kInt16: EvalInteger<int16_t, int8_t, int64_t>(node, params); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& DepthwiseConv2DKernel() {
  static const runtime::KernelDef kernel{"reference/DEPTHWISE_CONV_2D", tfl::BuiltinOperator_DEPTHWISE_CONV_2D,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
