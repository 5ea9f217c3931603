// What the reference CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels share. The three
// differ only in which inputs and weights meet in each accumulator; that part is the kernel's
// `Walker`. The rest is the same and lives here: the window geometry of the two convolutions, the
// dtype checks of Prepare, and Eval's bias, fused activation and output dtype (float32, hybrid
// float with int8 weights, int8 / uint8 / int16 requantization).
//
// A Walker provides:
//   using Params = ...;                 // has .range (FloatRange) and .quant (RequantizeParams)
//   static constexpr int kInput, kWeights, kBias;   // node input indices (bias optional)
//   template <class In, class Weight, class Acc, class Emit>
//   static void Walk(const NodeContext&, const Params&, Acc input_offset, Acc weight_offset, Emit);
//     calls emit(acc, position) once per output position (pixel or row), in output order, with
//     acc[c] = sum over the window of (input + input_offset) * (weight + weight_offset) for every
//     output channel c.
//   static int QuantizationGroups(const NodeContext&, const Params&);
//     how many equal consecutive parts of the input a hybrid node quantizes separately
//     (TFLite: per batch for convolutions, per row for FULLY_CONNECTED);
//   static Params OneGroup(const Params&);  // the params for walking one such part alone.
#pragma once

#include <cstdint>
#include <vector>

#include "edgepose/status.h"
#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/hybrid.h"
#include "runtime/kernels/common/padding.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels {

// Stride, dilation and TFLite's padding of a convolution window.
struct ConvWindow {
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  Padding2D padding;  // top/left and output size
};

// Visits the output pixels of `window` over a [batches, in_h, in_w, in_c] input in output order:
// tap(input_offset, ky, kx) for every kernel tap that lands inside the input (input_offset = the
// tap's first element), then pixel_done(output_pixel).
template <class Tap, class PixelDone>
void ForEachWindowTap(const ConvWindow& window, int batches, int in_h, int in_w, int in_c, int kernel_h, int kernel_w,
                      Tap tap, PixelDone pixel_done) {
  int64_t out_pixel = 0;
  for (int b = 0; b < batches; ++b) {
    for (int oy = 0; oy < window.padding.out_h; ++oy) {
      for (int ox = 0; ox < window.padding.out_w; ++ox, ++out_pixel) {
        const int y0 = oy * window.stride_h - window.padding.top;
        const int x0 = ox * window.stride_w - window.padding.left;
        for (int ky = 0; ky < kernel_h; ++ky) {
          const int y = y0 + ky * window.dilation_h;
          if (y < 0 || y >= in_h) continue;
          for (int kx = 0; kx < kernel_w; ++kx) {
            const int x = x0 + kx * window.dilation_w;
            if (x < 0 || x >= in_w) continue;
            tap(((static_cast<int64_t>(b) * in_h + y) * in_w + x) * in_c, ky, kx);
          }
        }
        pixel_done(out_pixel);
      }
    }
  }
}

// Fills `window` for a [N,H,W,C] input and a [*,KH,KW,*] filter; fails on strides or dilations
// below 1, empty dimensions, or a filter that does not fit.
Status PrepareConvWindow(const runtime::NodeContext& node, tfl::Padding padding, int stride_h, int stride_w,
                         int dilation_h, int dilation_w, const Tensor& input, const Tensor& filter, ConvWindow* window);

// Prepare's dtype rules: the output has the input's dtype; float32 input takes float32 weights
// and bias or (hybrid) int8 weights with `channels` scales along `channel_dim`; int8 / uint8 /
// int16 inputs take matching quantized weights (per channel along `channel_dim`) and get their
// requantization params. Returns empty params for float inputs.
Result<RequantizeParams> PrepareAccumulatingDtypes(const runtime::NodeContext& node, const Tensor& input,
                                                   const Tensor& weights, const Tensor* bias, const Tensor& output,
                                                   int channels, int channel_dim, const FloatRange& range);

namespace accumulating_eval_detail {

template <class Acc>
Acc BiasValue(const Tensor& bias, int64_t channel) {
  return bias.type == DType::kInt64 ? static_cast<Acc>(bias.data_as<int64_t>()[channel])
                                    : static_cast<Acc>(bias.data_as<int32_t>()[channel]);
}

template <class Walker>
void EvalFloat(const runtime::NodeContext& node, const typename Walker::Params& p) {
  const Tensor* bias = node.input(Walker::kBias);
  const float* bias_data = bias ? bias->data_as<float>() : nullptr;
  float* out = node.outputs[0]->data_as<float>();
  Walker::template Walk<float, float, float>(node, p, 0.f, 0.f, [&](const std::vector<float>& acc, int64_t position) {
    float* dst = out + position * static_cast<int64_t>(acc.size());
    for (size_t c = 0; c < acc.size(); ++c) dst[c] = p.range.Apply(acc[c] + (bias_data ? bias_data[c] : 0.f));
  });
}

// Float input quantized on the fly group by group, int8 weights, float bias and output.
template <class Walker>
void EvalHybrid(const runtime::NodeContext& node, const typename Walker::Params& p) {
  const Tensor& weights = *node.inputs[Walker::kWeights];
  const Tensor* bias = node.input(Walker::kBias);
  float* out = node.outputs[0]->data_as<float>();
  const int groups = Walker::QuantizationGroups(node, p);
  const int64_t group_values = groups > 0 ? node.outputs[0]->num_elements() / groups : 0;
  const typename Walker::Params group_params = Walker::OneGroup(p);
  ForEachQuantizedBatch(node, Walker::kInput, groups, [&](const runtime::NodeContext& group, int g, AsymmetricQuantization q) {
    Walker::template Walk<int8_t, int8_t, int32_t>(
        group, group_params, -q.zero_point, 0, [&](const std::vector<int32_t>& acc, int64_t position) {
          float* dst = out + g * group_values + position * static_cast<int64_t>(acc.size());
          for (size_t c = 0; c < acc.size(); ++c)
            dst[c] = p.range.Apply(HybridValue(acc[c], WeightScale(weights, static_cast<int>(c)), q.scale,
                                               bias ? bias->data_as<float>()[c] : 0.f));
        });
  });
}

template <class Walker, class In, class Weight, class Acc>
void EvalInteger(const runtime::NodeContext& node, const typename Walker::Params& p) {
  const Tensor* bias = node.input(Walker::kBias);
  In* out = node.outputs[0]->data_as<In>();
  const RequantizeParams& q = p.quant;
  Walker::template Walk<In, Weight, Acc>(
      node, p, q.input_offset, q.filter_offset, [&](const std::vector<Acc>& acc, int64_t position) {
        In* dst = out + position * static_cast<int64_t>(acc.size());
        for (size_t c = 0; c < acc.size(); ++c) {
          const Acc total = acc[c] + (bias ? BiasValue<Acc>(*bias, static_cast<int64_t>(c)) : Acc{0});
          dst[c] = static_cast<In>(q.Apply(total, static_cast<int>(c)));
        }
      });
}

}  // namespace accumulating_eval_detail

// The convolutions' hybrid grouping: one quantization per batch (input dim 0).
template <class ParamsT, int kInputIndex>
struct HybridPerBatch {
  static int QuantizationGroups(const runtime::NodeContext& node, const ParamsT&) {
    return node.inputs[kInputIndex]->dim(0);
  }
  static ParamsT OneGroup(const ParamsT& p) { return p; }
};

// Runs the node for its input dtype; Prepare has already checked the dtype combination.
template <class Walker>
Status EvalAccumulating(const runtime::NodeContext& node, const typename Walker::Params& p) {
  namespace detail = accumulating_eval_detail;
  switch (node.inputs[Walker::kInput]->type) {
    case DType::kFloat32:
      if (node.inputs[Walker::kWeights]->type == DType::kInt8) detail::EvalHybrid<Walker>(node, p);
      else detail::EvalFloat<Walker>(node, p);
      break;
    case DType::kInt8: detail::EvalInteger<Walker, int8_t, int8_t, int32_t>(node, p); break;
    case DType::kUInt8: detail::EvalInteger<Walker, uint8_t, uint8_t, int32_t>(node, p); break;
    case DType::kInt16: detail::EvalInteger<Walker, int16_t, int8_t, int64_t>(node, p); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace edgepose::kernels
