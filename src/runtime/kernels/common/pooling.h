// Shared by MAX_POOL_2D and AVERAGE_POOL_2D (TFLite pooling.cc + reference/pooling.h):
// input [N,H,W,C] -> output [N,OH,OW,C]; options Pool2DOptions (padding, stride_w/h,
// filter_width/height, fused activation). Windows are clipped to the input: padding cells take no
// part in the max and are not counted in the average. Quantized (int8, uint8, int16) pooling needs
// the input's and output's quantization to be equal, as TFLite requires.
#pragma once

#include <algorithm>
#include <string>

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels {

struct Pool2DParams {
  int stride_h = 1, stride_w = 1;
  int filter_h = 1, filter_w = 1;
  Padding2D padding;
  FloatRange range;                 // float clamp
  int32_t act_min = 0, act_max = 0;  // quantized clamp (integer dtypes)
};

inline Result<Pool2DParams> PreparePool2D(runtime::NodeContext& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0])
    return node.Fail("expected 1 input and 1 output");
  const Tensor& input = *node.inputs[0];
  Tensor& output = *node.outputs[0];
  if (input.rank() != 4) return node.Fail("input \"" + input.name + "\" has " + std::to_string(input.rank()) + " dims, expected 4");
  tfl::Pool2DOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsPool2DOptions();
  if (!options) options = &defaults;
  Pool2DParams params;
  params.stride_h = options->stride_h;
  params.stride_w = options->stride_w;
  params.filter_h = options->filter_height;
  params.filter_w = options->filter_width;
  if (params.stride_h < 1 || params.stride_w < 1 || params.filter_h < 1 || params.filter_w < 1)
    return node.Fail("strides and filter size must be at least 1");
  auto range = FusedActivationRange(options->fused_activation_function);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;
  params.padding = ComputePadding2D(options->padding, input.dim(1), input.dim(2), params.filter_h, params.filter_w,
                                    params.stride_h, params.stride_w);
  if (input.dim(0) < 1 || params.padding.out_h < 1 || params.padding.out_w < 1)
    return node.Fail("filter " + std::to_string(params.filter_h) + "x" + std::to_string(params.filter_w) +
                     " does not fit input " + ShapeToString(input.shape));
  if (input.type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input.type) + " differs from output " + DTypeName(output.type));
  int32_t qmin = 0, qmax = 0;
  if (QuantizedTypeRange(input.type, &qmin, &qmax)) {
    if (input.quant.scale.size() != 1 || output.quant.scale.size() != 1 ||
        input.quant.scale[0] != output.quant.scale[0] || ZeroPoint(input) != ZeroPoint(output))
      return node.Fail("quantized input \"" + input.name + "\" and output \"" + output.name + "\" need equal per-tensor quantization");
    if (input.type == DType::kInt16 && ZeroPoint(input) != 0)
      return node.Fail("int16 input \"" + input.name + "\" must have zero point 0");
    QuantizedActivationRange(params.range, output.quant.scale[0], ZeroPoint(output), qmin, qmax, &params.act_min,
                             &params.act_max);
  } else if (input.type != DType::kFloat32) {
    return node.Fail(std::string("dtype ") + DTypeName(input.type) + " is not supported");
  }
  output.shape = {input.dim(0), params.padding.out_h, params.padding.out_w, input.dim(3)};
  return params;
}

// For every output pixel calls
// visit(out_offset, y_begin, y_end, x_begin, x_end, in_base) where [y_begin, y_end) x [x_begin, x_end)
// is the window clipped to the input and in_base is the offset of (b, 0, 0, 0).
template <class Visit>
void ForEachPoolWindow(const Tensor& input, const Pool2DParams& p, Visit visit) {
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), channels = input.dim(3);
  int64_t out_offset = 0;
  for (int b = 0; b < batches; ++b) {
    const int64_t in_base = static_cast<int64_t>(b) * in_h * in_w * channels;
    for (int oy = 0; oy < p.padding.out_h; ++oy) {
      const int y_origin = oy * p.stride_h - p.padding.top;
      const int y_begin = std::max(y_origin, 0), y_end = std::min(y_origin + p.filter_h, in_h);
      for (int ox = 0; ox < p.padding.out_w; ++ox, out_offset += channels) {
        const int x_origin = ox * p.stride_w - p.padding.left;
        const int x_begin = std::max(x_origin, 0), x_end = std::min(x_origin + p.filter_w, in_w);
        visit(out_offset, y_begin, y_end, x_begin, x_end, in_base);
      }
    }
  }
}

}  // namespace edgepose::kernels
