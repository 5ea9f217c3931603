#include "runtime/kernels/xnnpack/conv_common.h"

#include <algorithm>
#include <type_traits>

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

// 16x8: int16 input and output, int8 filter of zero point 0 (per tensor or per channel along
// `filter_quant_dim`), int64 or int32 bias; one filter channel per input channel in a depthwise
// layer (multiplier 1), all input channels in a regular one (groups 1). Int16ConvApplies checks the rest.
bool SupportsInt16Node(const runtime::NodeContext& node, int filter_quant_dim) {
  const Tensor& input = *node.inputs[kInput];
  const Tensor& filter = *node.inputs[kFilter];
  const Tensor* bias = node.input(kBias);
  const Tensor& output = *node.outputs[0];
  if (output.type != DType::kInt16 || filter.type != DType::kInt8 || filter.quant.scale.empty()) return false;
  if (bias && bias->type != DType::kInt64 && bias->type != DType::kInt32) return false;
  for (int64_t zero_point : filter.quant.zero_point)
    if (zero_point != 0) return false;
  // Depthwise [1, KH, KW, C_out] and regular [C_out, KH, KW, C_in] alike: dim 3 equal to the input
  // depth means multiplier 1 / groups 1 (the output's shape is not known before Prepare).
  if (filter.dim(3) != input.dim(3)) return false;
  return filter.quant.scale.size() == 1 ||
         (filter.quant.quantized_dimension == filter_quant_dim &&
          filter.quant.scale.size() == static_cast<size_t>(filter.dim(filter_quant_dim)));
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
    case DType::kInt16:
      return SupportsInt16Node(node, filter_quant_dim);
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

namespace {

// The fields every own convolution kernel's shape struct shares (NarrowConvShape, Int8GemmConvShape,
// PlanarDepthwiseShape), from the node's tensors and the XNNPACK geometry (padding included); each
// caller adds its channel fields.
template <class Shape>
Shape WindowShape(const runtime::NodeContext& node, const ConvGeometry& g) {
  const Tensor& input = *node.inputs[kInput];
  const Tensor& output = *node.outputs[0];
  Shape s;
  s.batch = input.dim(0), s.in_h = input.dim(1), s.in_w = input.dim(2);
  s.out_h = output.dim(1), s.out_w = output.dim(2);
  s.kernel_h = static_cast<int>(g.kernel_h), s.kernel_w = static_cast<int>(g.kernel_w);
  s.stride_h = static_cast<int>(g.stride_h), s.stride_w = static_cast<int>(g.stride_w);
  s.dilation_h = static_cast<int>(g.dilation_h), s.dilation_w = static_cast<int>(g.dilation_w);
  s.pad_top = static_cast<int>(g.pad_top), s.pad_left = static_cast<int>(g.pad_left);
  return s;
}

// The narrow path's view of a float convolution; none for grouped convolutions and depth multipliers
// > 1, which are neither of its two forms.
std::optional<NarrowConvShape> NarrowShape(const runtime::NodeContext& node, const ConvGeometry& g) {
  if (g.depthwise_layout ? g.group_output_channels != 1 : g.groups != 1) return std::nullopt;
  auto s = WindowShape<NarrowConvShape>(node, g);
  s.channels = node.inputs[kInput]->dim(3), s.out_channels = node.outputs[0]->dim(3);
  s.depthwise = g.depthwise_layout;
  return s;
}

// The GEMM path's view of a regular int8 convolution; none for grouped ones.
std::optional<Int8GemmConvShape> GemmShape(const runtime::NodeContext& node, const ConvGeometry& g) {
  if (g.depthwise_layout || g.groups != 1) return std::nullopt;
  auto s = WindowShape<Int8GemmConvShape>(node, g);
  s.in_c = node.inputs[kInput]->dim(3), s.out_c = node.outputs[0]->dim(3);
  return s;
}

// The pointwise GEMM's view of a float convolution: 1x1, stride 1, no padding, groups 1.
std::optional<FloatPointwiseShape> PointwiseShape(const runtime::NodeContext& node, const ConvGeometry& g) {
  if (g.depthwise_layout || g.groups != 1 || g.kernel_h != 1 || g.kernel_w != 1 || g.stride_h != 1 || g.stride_w != 1)
    return std::nullopt;
  if (g.pad_top || g.pad_bottom || g.pad_left || g.pad_right) return std::nullopt;
  const Tensor& input = *node.inputs[kInput];
  FloatPointwiseShape s;
  s.pixels = input.dim(0) * input.dim(1) * input.dim(2);
  s.in_c = input.dim(3), s.out_c = node.outputs[0]->dim(3);
  return s;
}

// The own depthwise kernels' view of a depthwise convolution; none for depth multipliers > 1.
std::optional<PlanarDepthwiseShape> DepthwiseShape(const runtime::NodeContext& node, const ConvGeometry& g) {
  if (!g.depthwise_layout || g.group_output_channels != 1) return std::nullopt;
  auto s = WindowShape<PlanarDepthwiseShape>(node, g);
  s.channels = node.inputs[kInput]->dim(3);
  return s;
}

}  // namespace

Result<ConvOp> CreateConvForNode(const runtime::NodeContext& node, const ConvGeometry& geometry,
                                 const FloatRange& range, const RequantizeParams& quant) {
  const Tensor& input = *node.inputs[kInput];
  const Tensor& filter = *node.inputs[kFilter];
  const Tensor* bias = node.input(kBias);
  const Tensor& output = *node.outputs[0];
  ConvOp op;
  if (input.type == DType::kFloat32) {
    const float* bias_data = bias ? bias->data_as<float>() : nullptr;
    // The own depthwise kernel before the narrow path: on pose_landmark_full's few-channel 3x3 layers
    // it measured faster (128x128x24: 0.27 ms against 0.30, 256x256x8: 0.29 against 0.42).
    if (const auto dw = DepthwiseShape(node, geometry); dw && FloatDepthwiseApplies(*dw)) {
      op.own.emplace<FloatDepthwiseConv>(*dw, filter.data_as<float>(), bias_data, range.min, range.max);
      return op;
    }
    const auto shape = NarrowShape(node, geometry);
    if (shape && NarrowConvApplies(*shape)) {
      op.own.emplace<NarrowConv>(*shape, filter.data_as<float>(), bias_data, range.min, range.max);
      return op;
    }
    if (const auto pointwise = PointwiseShape(node, geometry); pointwise && FloatPointwiseApplies(*pointwise)) {
      op.own.emplace<FloatPointwiseConv>(*pointwise, filter.data_as<float>(), bias_data, range.min, range.max);
      return op;
    }
    EP_ASSIGN_OR_RETURN(op.xnn, NodeResult(node, CreateConvF32(geometry, filter.data_as<float>(), bias_data,
                                                               range.min, range.max)));
    return op;
  }
  if (input.type == DType::kInt16) {
    auto shape = WindowShape<Int16ConvShape>(node, geometry);
    shape.in_c = input.dim(3), shape.out_c = output.dim(3), shape.depthwise = geometry.depthwise_layout;
    if (!Int16ConvApplies(shape, quant)) return node.Fail("16x8 convolution shape or offsets not supported");
    op.own.emplace<Int16Conv>(shape, filter.data_as<int8_t>(), bias && bias->type == DType::kInt64 ? bias->data_as<int64_t>() : nullptr,
                     bias && bias->type == DType::kInt32 ? bias->data_as<int32_t>() : nullptr, quant);
    return op;
  }
  const int8_t act_min = ClampToInt8(quant.act_min), act_max = ClampToInt8(quant.act_max);
  const int32_t* bias_data = bias ? bias->data_as<int32_t>() : nullptr;
  const QuantInfo in = TensorQuant(input), out = TensorQuant(output);
  const Int8ConvQuant own_quant{in.scale, out.scale, in.zero_point, out.zero_point, act_min, act_max};
  const int num_scales = static_cast<int>(filter.quant.scale.size());
  if (const auto shape = GemmShape(node, geometry); shape && Int8GemmConvApplies(*shape)) {
    op.own.emplace<Int8GemmConv>(*shape, filter.data_as<int8_t>(), filter.quant.scale.data(), num_scales, bias_data, own_quant);
    return op;
  }
  if (const auto shape = DepthwiseShape(node, geometry);
      shape && Int8DepthwiseApplies(*shape, filter.quant.per_channel())) {
    op.own.emplace<Int8DepthwiseConv>(*shape, filter.data_as<int8_t>(), filter.quant.scale.data(), num_scales, bias_data,
                          own_quant);
    return op;
  }
  if (filter.quant.per_channel()) {
    EP_ASSIGN_OR_RETURN(op.xnn, NodeResult(node, CreateConvQc8(geometry, in, filter.quant.scale.data(),
                                                               filter.data_as<int8_t>(), bias_data, out, act_min,
                                                               act_max)));
  } else {
    EP_ASSIGN_OR_RETURN(op.xnn, NodeResult(node, CreateConvQs8(geometry, in, filter.quant.scale[0],
                                                               filter.data_as<int8_t>(), bias_data, out, act_min,
                                                               act_max)));
  }
  return op;
}

namespace {

// How each own kernel shows in profiles ("xnnpack/CONV_2D (int8 GEMM on VNNI)"); none for the narrow path.
const char* NoteOf(const NarrowConv&) { return nullptr; }
const char* NoteOf(const Int8GemmConv&) { return "int8 GEMM on VNNI"; }
const char* NoteOf(const Int8DepthwiseConv&) { return "own int8 depthwise"; }
const char* NoteOf(const FloatDepthwiseConv&) { return "own float depthwise"; }
const char* NoteOf(const Int16Conv&) { return "own 16x8"; }
const char* NoteOf(const FloatPointwiseConv&) { return "own float 1x1"; }

// Calls kernel.Run(input, output, threadpool) with the tensors' data as the element type its Run takes.
template <class Kernel, class T>
void RunOwn(const Kernel& kernel, void (Kernel::*run)(const T*, T*, void*) const, const runtime::NodeContext& node) {
  (kernel.*run)(node.inputs[kInput]->data_as<T>(), node.outputs[0]->data_as<T>(), node.threadpool);
}

}  // namespace

Status SetupConvForNode(const runtime::NodeContext& node, ConvOp& op) {
  if (!std::holds_alternative<std::monostate>(op.own)) {  // own kernels read the tensors' pointers at every run
    std::visit(
        [&](const auto& kernel) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(kernel)>, std::monostate>)
            if (const char* note = NoteOf(kernel)) node.kernel_note = note;
        },
        op.own);
    return Ok();
  }
  const Tensor& input = *node.inputs[kInput];
  auto status = SetupConv(op.xnn, static_cast<size_t>(input.dim(0)), static_cast<size_t>(input.dim(1)),
                          static_cast<size_t>(input.dim(2)), input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

Status RunConvForNode(const runtime::NodeContext& node, const ConvOp& op) {
  if (!std::holds_alternative<std::monostate>(op.own)) {
    std::visit(
        [&](const auto& kernel) {
          using Kernel = std::decay_t<decltype(kernel)>;
          if constexpr (!std::is_same_v<Kernel, std::monostate>) RunOwn(kernel, &Kernel::Run, node);
        },
        op.own);
    return Ok();
  }
  auto status = op.xnn.Run(node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
