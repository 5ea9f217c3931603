// Hybrid kernels (TFLite's "dynamic range" quantization): float input and output, int8 weights
// (symmetric, per channel), float bias. As TFLite's per-channel hybrid CONV_2D /
// DEPTHWISE_CONV_2D and FULLY_CONNECTED with asymmetric_quantize_inputs, each batch of the input
// is quantized on the fly to int8 with its own asymmetric params (tensor_utils
// AsymmetricQuantizeFloats: range widened to contain 0, scale = range / 255, the zero point taken
// from whichever end gives the smaller error, nudged to [-128, 127]); the integer accumulator
// sum w * (q - zero_point) becomes acc * weight_scale[c] * input_scale + bias[c], then the fused
// activation. The reference conv / depthwise / FC kernels take this branch when the input is
// FLOAT32 and the weights INT8.
#pragma once

#include <cstdint>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tensor.h"
#include "runtime/kernel.h"

namespace edgepose::kernels {

struct AsymmetricQuantization {
  float scale = 1.f;
  int32_t zero_point = 0;
};

// TFLite's AsymmetricQuantizeFloats over `count` values into int8.
AsymmetricQuantization AsymmetricQuantizeFloats(const float* values, int64_t count, int8_t* quantized);

// True when the node's input is FLOAT32 and its weights INT8 (a hybrid node).
bool IsHybrid(const Tensor& input, const Tensor& weights);

// Checks a hybrid node's weights and bias: int8 weights with zero point 0 and one scale or one
// per output channel along `channel_dim` (`channels` entries), float bias of `channels` values.
// Returns a problem ("" when fine) without the node prefix.
std::string CheckHybridWeights(const Tensor& weights, const Tensor* bias, int channels, int channel_dim);

// The weight scale of output channel c.
inline float WeightScale(const Tensor& weights, int c) {
  return weights.quant.scale.size() == 1 ? weights.quant.scale[0] : weights.quant.scale[c];
}

// acc * weight_scale * input_scale + bias, the float result of one hybrid output element
// (before the activation), in TFLite's order of float operations.
inline float HybridValue(int32_t acc, float weight_scale, float input_scale, float bias) {
  return static_cast<float>(acc) * weight_scale * input_scale + bias;
}

// Quantizes input `input_index` of `node` in `groups` equal consecutive parts and calls
// fn(group_node, g, params) where group_node is `node` with that input replaced by an INT8 view of
// part g: shaped [1, ...] when the parts are the input's batches (dim 0), else [1, part size].
template <class Fn>
void ForEachQuantizedBatch(const runtime::NodeContext& node, int input_index, int groups, Fn fn) {
  const Tensor& input = *node.inputs[input_index];
  const int64_t per_group = groups > 0 ? input.num_elements() / groups : 0;
  std::vector<int8_t> quantized(static_cast<size_t>(per_group));
  Tensor view;
  view.name = input.name;
  view.type = DType::kInt8;
  if (input.rank() > 0 && input.dim(0) == groups) {
    view.shape = input.shape;
    view.shape[0] = 1;
  } else {
    view.shape = {1, static_cast<int>(per_group)};
  }
  view.data = reinterpret_cast<uint8_t*>(quantized.data());
  view.bytes = quantized.size();
  runtime::NodeContext group_node = node;
  group_node.inputs[input_index] = &view;
  for (int g = 0; g < groups; ++g) {
    const AsymmetricQuantization params =
        AsymmetricQuantizeFloats(input.data_as<float>() + g * per_group, per_group, quantized.data());
    fn(static_cast<const runtime::NodeContext&>(group_node), g, params);
  }
}

}  // namespace edgepose::kernels
