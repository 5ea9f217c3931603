#include "runtime/kernels/xnnpack/conv_common.h"

#include <algorithm>

#include "runtime/kernels/xnnpack/pad_fusion.h"

namespace edgepose::kernels::xnnpack {
namespace {

constexpr int kInput = 0, kFilter = 1, kBias = 2;

}  // namespace

bool SupportsInt8WeightedNode(const runtime::NodeContext& node, int filter_quant_dim) {
  const Tensor& input = *node.inputs[kInput];
  const Tensor& filter = *node.inputs[kFilter];
  const Tensor* bias = node.input(kBias);
  const Tensor& output = *node.outputs[0];
  if (!IsPerTensorInt8(input) || !IsPerTensorInt8(output) || filter.type != DType::kInt8) return false;
  if (bias && bias->type != DType::kInt32) return false;
  for (int64_t zero_point : filter.quant.zero_point)
    if (zero_point != 0) return false;
  const size_t channels = static_cast<size_t>(filter.dim(filter_quant_dim));
  const auto& scales = filter.quant.scale;
  if (scales.empty()) return false;
  if (scales.size() > 1 && (scales.size() != channels || filter.quant.quantized_dimension != filter_quant_dim))
    return false;
  const double in_scale = input.quant.scale[0], out_scale = output.quant.scale[0];
  for (float scale : scales)
    if (!(scale > 0.f) || !RequantizationScaleSupported(in_scale * scale / out_scale)) return false;
  return true;
}

bool SupportsConvNode(const runtime::NodeContext& node, int filter_quant_dim) {
  if (node.inputs.size() < 2 || node.inputs.size() > 3 || node.outputs.size() != 1) return false;
  const Tensor* input = node.input(kInput);
  const Tensor* filter = node.input(kFilter);
  const Tensor* bias = node.input(kBias);
  if (!input || !filter || input->rank() != 4 || filter->rank() != 4) return false;
  if (!filter->is_constant || (bias && !bias->is_constant)) return false;
  if (filter_quant_dim < 0 || filter_quant_dim > 3 || filter->dim(filter_quant_dim) < 1) return false;
  switch (input->type) {
    case DType::kFloat32:
      return filter->type == DType::kFloat32 && (!bias || bias->type == DType::kFloat32);
    case DType::kInt8:
      return SupportsInt8WeightedNode(node, filter_quant_dim);
    default:
      return false;
  }
}

void SetConvPadding(ConvGeometry& g, const Padding2D& padding, int in_h, int in_w) {
  auto after = [](int out, int stride, int kernel, int dilation, int in, int before) {
    const int needed = (out - 1) * stride + EffectiveFilterSize(kernel, dilation) - in - before;
    return static_cast<uint32_t>(std::max(needed, 0));
  };
  g.pad_top = static_cast<uint32_t>(padding.top);
  g.pad_left = static_cast<uint32_t>(padding.left);
  g.pad_bottom = after(padding.out_h, static_cast<int>(g.stride_h), static_cast<int>(g.kernel_h),
                       static_cast<int>(g.dilation_h), in_h, padding.top);
  g.pad_right = after(padding.out_w, static_cast<int>(g.stride_w), static_cast<int>(g.kernel_w),
                      static_cast<int>(g.dilation_w), in_w, padding.left);
}

void AbsorbProducerPad(runtime::NodeContext& node, ConvGeometry& g) {
  const auto pad = ProducerZeroSpatialPad(node);
  if (!pad) return;
  g.pad_top += pad->top;
  g.pad_bottom += pad->bottom;
  g.pad_left += pad->left;
  g.pad_right += pad->right;
  node.inputs[kInput] = pad->input;
}

Result<Operator> CreateConvForNode(const runtime::NodeContext& node, const ConvGeometry& geometry,
                                   const FloatRange& range, const RequantizeParams& quant) {
  const Tensor& input = *node.inputs[kInput];
  const Tensor& filter = *node.inputs[kFilter];
  const Tensor* bias = node.input(kBias);
  const Tensor& output = *node.outputs[0];
  if (input.type == DType::kFloat32)
    return NodeResult(node, CreateConvF32(geometry, filter.data_as<float>(), bias ? bias->data_as<float>() : nullptr,
                                          range.min, range.max));
  const int8_t act_min = ClampToInt8(quant.act_min), act_max = ClampToInt8(quant.act_max);
  const int32_t* bias_data = bias ? bias->data_as<int32_t>() : nullptr;
  if (filter.quant.per_channel())
    return NodeResult(node, CreateConvQc8(geometry, TensorQuant(input), filter.quant.scale.data(),
                                          filter.data_as<int8_t>(), bias_data, TensorQuant(output), act_min, act_max));
  return NodeResult(node, CreateConvQs8(geometry, TensorQuant(input), filter.quant.scale[0], filter.data_as<int8_t>(),
                                        bias_data, TensorQuant(output), act_min, act_max));
}

Status SetupConvForNode(const runtime::NodeContext& node, Operator& op) {
  const Tensor& input = *node.inputs[kInput];
  auto status = SetupConv(op, static_cast<size_t>(input.dim(0)), static_cast<size_t>(input.dim(1)),
                          static_cast<size_t>(input.dim(2)), input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
