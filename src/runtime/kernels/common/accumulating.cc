#include "runtime/kernels/common/accumulating.h"

#include <string>

namespace edgepose::kernels {

Status PrepareConvWindow(const runtime::NodeContext& node, tfl::Padding padding, int stride_h, int stride_w,
                         int dilation_h, int dilation_w, const Tensor& input, const Tensor& filter, ConvWindow* window) {
  if (stride_h < 1 || stride_w < 1 || dilation_h < 1 || dilation_w < 1)
    return node.Fail("strides and dilations must be at least 1");
  if (input.dim(0) < 1 || input.dim(1) < 1 || input.dim(2) < 1 || filter.dim(1) < 1 || filter.dim(2) < 1)
    return node.Fail("input " + ShapeToString(input.shape) + " or filter " + ShapeToString(filter.shape) + " has an empty dimension");
  window->stride_h = stride_h;
  window->stride_w = stride_w;
  window->dilation_h = dilation_h;
  window->dilation_w = dilation_w;
  window->padding = ComputePadding2D(padding, input.dim(1), input.dim(2), filter.dim(1), filter.dim(2), stride_h,
                                     stride_w, dilation_h, dilation_w);
  if (window->padding.out_h < 1 || window->padding.out_w < 1)
    return node.Fail("filter " + ShapeToString(filter.shape) + " does not fit input " + ShapeToString(input.shape));
  return Ok();
}

Result<RequantizeParams> PrepareAccumulatingDtypes(const runtime::NodeContext& node, const Tensor& input,
                                                   const Tensor& weights, const Tensor* bias, const Tensor& output,
                                                   int channels, int channel_dim, const FloatRange& range) {
  if (input.type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input.type) + " differs from output " + DTypeName(output.type));
  switch (input.type) {
    case DType::kFloat32:
      if (IsHybrid(input, weights)) {  // dynamic-range quantized weights (hybrid.h)
        if (const std::string problem = CheckHybridWeights(weights, bias, channels, channel_dim); !problem.empty())
          return node.Fail(problem);
        return RequantizeParams{};
      }
      if (weights.type != DType::kFloat32 || (bias && bias->type != DType::kFloat32))
        return node.Fail("float input needs float32 weights and bias");
      return RequantizeParams{};
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kInt16: {
      if (input.type == DType::kInt16 && ZeroPoint(input) != 0)
        return node.Fail("int16 input \"" + input.name + "\" must have zero point 0");
      if ((input.type == DType::kUInt8) != (weights.type == DType::kUInt8))
        return node.Fail(std::string("weights dtype ") + DTypeName(weights.type) + " does not match input " + DTypeName(input.type));
      if (weights.quant.per_channel() && weights.quant.quantized_dimension != channel_dim)
        return node.Fail("per-channel weights \"" + weights.name + "\" must be quantized along dimension " +
                         std::to_string(channel_dim));
      auto quant = PrepareConvRequantize(input, weights, bias, output, channels, range);
      if (!quant) return node.Fail(quant.error().message);
      return std::move(*quant);
    }
    default:
      return node.Fail(std::string("dtype ") + DTypeName(input.type) + " is not supported");
  }
}

}  // namespace edgepose::kernels
