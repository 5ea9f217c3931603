// CONV_2D as TFLite runs it (reference/conv.h, integer_ops/conv.h):
//   input [N,H,W,C_in], filter [C_out,KH,KW,C_in/groups] (OHWI), optional bias [C_out] (-1 = none),
//   output [N,OH,OW,C_out]. Options Conv2DOptions: padding SAME/VALID, stride_w/h, dilation_w/h_factor
//   (default 1), fused_activation_function (NONE, RELU, RELU_N1_TO_1, RELU6).
//   Grouped convolution when the filter's input depth divides C_in: output channel o reads input
//   channels [g*C_f, (g+1)*C_f) with g = o / (C_out/groups).
// Dtypes: FLOAT32; INT8 activations with int8 filter (per-tensor or per-channel on dim 0) and int32 bias;
// UINT8 with uint8 per-tensor filter; INT16 activations (zero point 0) with int8 filter and int64 or
// int32 bias (TFLite's 16x8 mode).
#include "runtime/kernels/reference/conv_2d.h"
#include "runtime/kernels/common/accumulating.h"
#include "runtime/kernels/common/hybrid.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

namespace edgepose::kernels::reference {

Result<Conv2DParams> PrepareConv2D(runtime::NodeContext& node) {
  if (node.inputs.size() < 2 || node.inputs.size() > 3 || node.outputs.size() != 1)
    return node.Fail("expected 2 or 3 inputs and 1 output");
  const Tensor* input = node.input(kConv2DInput);
  const Tensor* filter = node.input(kConv2DFilter);
  const Tensor* bias = node.input(kConv2DBias);
  Tensor& output = *node.outputs[0];
  if (!input || !filter) return node.Fail("input and filter are required");
  if (input->rank() != 4) return node.Fail("input \"" + input->name + "\" has " + std::to_string(input->rank()) + " dims, expected 4");
  if (filter->rank() != 4) return node.Fail("filter \"" + filter->name + "\" has " + std::to_string(filter->rank()) + " dims, expected 4");

  tfl::Conv2DOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsConv2DOptions();
  if (!options) options = &defaults;
  Conv2DParams params;
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;

  const int in_c = input->dim(3), out_c = filter->dim(0), filter_c = filter->dim(3);
  if (filter_c <= 0 || in_c % filter_c != 0)
    return node.Fail("filter input depth " + std::to_string(filter_c) + " does not divide input depth " + std::to_string(in_c));
  params.groups = in_c / filter_c;
  if (out_c <= 0 || out_c % params.groups != 0)
    return node.Fail("output depth " + std::to_string(out_c) + " is not a multiple of the " + std::to_string(params.groups) + " groups");
  if (bias && bias->num_elements() != out_c)
    return node.Fail("bias \"" + bias->name + "\" has " + std::to_string(bias->num_elements()) + " elements, expected " + std::to_string(out_c));
  EP_RETURN_IF_ERROR(PrepareConvWindow(node, options->padding, options->stride_h, options->stride_w,
                                       options->dilation_h_factor, options->dilation_w_factor, *input, *filter, &params));
  EP_ASSIGN_OR_RETURN(params.quant,
                      PrepareAccumulatingDtypes(node, *input, *filter, bias, output, out_c, /*channel_dim=*/0, params.range));
  output.shape = {input->dim(0), params.padding.out_h, params.padding.out_w, out_c};
  return params;
}

namespace {

// Visits every output pixel: `acc` (C_out entries) holds sum over taps of
// (input + input_offset) * (filter + filter_offset); `emit(acc, output_pixel)` writes the pixel.
struct ConvWalker : HybridPerBatch<Conv2DParams, kConv2DInput> {
  using Params = Conv2DParams;
  static constexpr int kInput = kConv2DInput, kWeights = kConv2DFilter, kBias = kConv2DBias;
  template <class In, class Weight, class Acc, class Emit>
  static void Walk(const runtime::NodeContext& node, const Params& p, Acc input_offset, Acc filter_offset, Emit emit) {
    const Tensor& input = *node.inputs[kConv2DInput];
    const Tensor& filter = *node.inputs[kConv2DFilter];
    const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), in_c = input.dim(3);
    const int out_c = filter.dim(0), kernel_h = filter.dim(1), kernel_w = filter.dim(2), filter_c = filter.dim(3);
    const int out_per_group = out_c / p.groups;
    const In* in_data = input.data_as<In>();
    const Weight* filter_data = filter.data_as<Weight>();
    std::vector<Acc> acc(static_cast<size_t>(out_c));
    auto tap = [&](int64_t offset, int ky, int kx) {
      const In* pixel = in_data + offset;
      for (int o = 0; o < out_c; ++o) {
        const In* group_in = pixel + (o / out_per_group) * filter_c;
        const Weight* taps = filter_data + ((static_cast<int64_t>(o) * kernel_h + ky) * kernel_w + kx) * filter_c;
        Acc sum = 0;
        if constexpr (std::is_floating_point_v<Acc>) {
          for (int i = 0; i < filter_c; ++i) sum += group_in[i] * taps[i];
        } else {
          for (int i = 0; i < filter_c; ++i)
            sum += (static_cast<Acc>(group_in[i]) + input_offset) * (static_cast<Acc>(taps[i]) + filter_offset);
        }
        acc[o] += sum;
      }
    };
    ForEachWindowTap(p, batches, in_h, in_w, in_c, kernel_h, kernel_w, tap, [&](int64_t out_pixel) {
      emit(acc, out_pixel);
      std::fill(acc.begin(), acc.end(), Acc{0});
    });
  }
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(Conv2DParams params, PrepareConv2D(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalAccumulating<ConvWalker>(node, state.as<Conv2DParams>());
}

}  // namespace

const runtime::KernelDef& Conv2DKernel() {
  static const runtime::KernelDef kernel{"reference/CONV_2D", tfl::BuiltinOperator_CONV_2D, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
