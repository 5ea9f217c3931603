// DEPTHWISE_CONV_2D as TFLite runs it (reference/depthwiseconv_float.h, integer_ops/depthwise_conv.h):
//   input [N,H,W,C], filter [1,KH,KW,C*M], optional bias [C*M], output [N,OH,OW,C*M] where output
//   channel c*M + m reads input channel c. Options DepthwiseConv2DOptions: padding, stride_w/h,
//   dilation_w/h_factor (default 1), fused activation. The multiplier M is derived from the shapes
//   (filter depth / input depth) as current TFLite does; the file's depth_multiplier option may be
//   0, absent or stale and is ignored.
// Dtypes: FLOAT32; INT8 with int8 filter (per-tensor or per-channel on dim 3) and int32 bias; UINT8
// with uint8 filter; INT16 (zero point 0) with int8 filter and int64/int32 bias.
#include "runtime/kernels/reference/depthwise_conv_2d.h"
#include "runtime/kernels/common/accumulating.h"
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
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;

  const int in_c = input->dim(3), out_c = filter->dim(3);
  if (in_c <= 0 || out_c <= 0 || out_c % in_c != 0)
    return node.Fail("filter depth " + std::to_string(out_c) + " is not a multiple of input depth " + std::to_string(in_c));
  params.depth_multiplier = out_c / in_c;
  if (bias && bias->num_elements() != out_c)
    return node.Fail("bias \"" + bias->name + "\" has " + std::to_string(bias->num_elements()) + " elements, expected " + std::to_string(out_c));
  EP_RETURN_IF_ERROR(PrepareConvWindow(node, options->padding, options->stride_h, options->stride_w,
                                       options->dilation_h_factor, options->dilation_w_factor, *input, *filter, &params));
  EP_ASSIGN_OR_RETURN(params.quant,
                      PrepareAccumulatingDtypes(node, *input, *filter, bias, output, out_c, /*channel_dim=*/3, params.range));
  output.shape = {input->dim(0), params.padding.out_h, params.padding.out_w, out_c};
  return params;
}

namespace {

// Visits every output pixel with `acc` (C*M entries) holding the window sums of
// (input + input_offset) * (filter + filter_offset); `emit(acc, output_pixel)` writes the pixel.
struct DepthwiseWalker : HybridPerBatch<DepthwiseConv2DParams, kDepthwiseInput> {
  using Params = DepthwiseConv2DParams;
  static constexpr int kInput = kDepthwiseInput, kWeights = kDepthwiseFilter, kBias = kDepthwiseBias;
  template <class In, class Weight, class Acc, class Emit>
  static void Walk(const runtime::NodeContext& node, const Params& p, Acc input_offset, Acc filter_offset, Emit emit) {
    const Tensor& input = *node.inputs[kDepthwiseInput];
    const Tensor& filter = *node.inputs[kDepthwiseFilter];
    const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), in_c = input.dim(3);
    const int kernel_h = filter.dim(1), kernel_w = filter.dim(2), out_c = filter.dim(3);
    const int multiplier = p.depth_multiplier;
    const In* in_data = input.data_as<In>();
    const Weight* filter_data = filter.data_as<Weight>();
    std::vector<Acc> acc(static_cast<size_t>(out_c));
    auto tap = [&](int64_t offset, int ky, int kx) {
      const In* pixel = in_data + offset;
      const Weight* taps = filter_data + (static_cast<int64_t>(ky) * kernel_w + kx) * out_c;
      if constexpr (std::is_floating_point_v<Acc>) {
        if (multiplier == 1) {
          for (int c = 0; c < in_c; ++c) acc[c] += pixel[c] * taps[c];
          return;
        }
      }
      for (int c = 0; c < in_c; ++c) {
        const Acc value = static_cast<Acc>(pixel[c]) + input_offset;
        for (int m = 0; m < multiplier; ++m) {
          const int o = c * multiplier + m;
          acc[o] += value * (static_cast<Acc>(taps[o]) + filter_offset);
        }
      }
    };
    ForEachWindowTap(p, batches, in_h, in_w, in_c, kernel_h, kernel_w, tap, [&](int64_t out_pixel) {
      emit(acc, out_pixel);
      std::fill(acc.begin(), acc.end(), Acc{0});
    });
  }
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(DepthwiseConv2DParams params, PrepareDepthwiseConv2D(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalAccumulating<DepthwiseWalker>(node, state.as<DepthwiseConv2DParams>());
}

}  // namespace

const runtime::KernelDef& DepthwiseConv2DKernel() {
  static const runtime::KernelDef kernel{"reference/DEPTHWISE_CONV_2D", tfl::BuiltinOperator_DEPTHWISE_CONV_2D,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
