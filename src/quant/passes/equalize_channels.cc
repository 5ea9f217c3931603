#include "quant/passes/equalize_channels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

#include "edgepose/interpreter.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

struct Pair {
  int producer = -1;        // op index
  int consumer = -1;        // op index
  int32_t tensor = -1;      // the producer's output (the tensor whose channels are rescaled)
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE;
};

bool IsConvolution(tfl::BuiltinOperator code) {
  return code == tfl::BuiltinOperator_CONV_2D || code == tfl::BuiltinOperator_DEPTHWISE_CONV_2D;
}

tfl::ActivationFunctionType ActivationOf(const tfl::OperatorT& op) {
  if (const auto* conv = op.builtin_options.AsConv2DOptions()) return conv->fused_activation_function;
  if (const auto* dw = op.builtin_options.AsDepthwiseConv2DOptions()) return dw->fused_activation_function;
  return tfl::ActivationFunctionType_NONE;
}

// Readers of every tensor, and how many tensors point at each buffer.
struct GraphUse {
  std::vector<std::vector<int>> readers;  // per tensor: op indices
  std::vector<int> producer;              // per tensor: op index or -1
  std::vector<int> buffer_users;          // per buffer
};

GraphUse Uses(const tfl::ModelT& model, const tfl::SubGraphT& sg) {
  GraphUse use;
  use.readers.resize(sg.tensors.size());
  use.producer.assign(sg.tensors.size(), -1);
  use.buffer_users.assign(model.buffers.size(), 0);
  for (size_t i = 0; i < sg.operators.size(); ++i) {
    for (int32_t t : sg.operators[i]->inputs)
      if (t >= 0 && static_cast<size_t>(t) < sg.tensors.size()) use.readers[t].push_back(static_cast<int>(i));
    for (int32_t t : sg.operators[i]->outputs)
      if (t >= 0 && static_cast<size_t>(t) < sg.tensors.size()) use.producer[t] = static_cast<int>(i);
  }
  for (const auto& tensor : sg.tensors)
    if (tensor->buffer < model.buffers.size()) ++use.buffer_users[tensor->buffer];
  return use;
}

// A float constant that only this tensor refers to (so rescaling it changes nothing else).
bool OwnedFloatConstant(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use, int32_t t) {
  if (t < 0 || static_cast<size_t>(t) >= sg.tensors.size()) return false;
  const tfl::TensorT& tensor = *sg.tensors[t];
  return tensor.type == tfl::TensorType_FLOAT32 && IsConstant(model, tensor) && use.readers[t].size() == 1 &&
         use.buffer_users[tensor.buffer] == 1 && !tensor.sparsity;
}

// The PAD's zero padding touches only H and W (so it commutes with per-channel scaling).
bool ZeroSpatialPad(const tfl::ModelT& model, const tfl::SubGraphT& sg, const tfl::OperatorT& pad) {
  if (OperatorOf(model, pad) != tfl::BuiltinOperator_PAD || pad.inputs.size() != 2) return false;
  const tfl::TensorT& paddings = *sg.tensors[pad.inputs[1]];
  const auto* bytes = ConstantBytes(model, paddings);
  if (!bytes || paddings.type != tfl::TensorType_INT32 || bytes->size() != 8 * sizeof(int32_t)) return false;
  int32_t pads[8];
  std::memcpy(pads, bytes->data(), sizeof(pads));
  return pads[0] == 0 && pads[1] == 0 && pads[6] == 0 && pads[7] == 0;
}

bool GraphOutput(const tfl::SubGraphT& sg, int32_t t) {
  return std::find(sg.outputs.begin(), sg.outputs.end(), t) != sg.outputs.end();
}

std::vector<Pair> FindPairs(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use) {
  std::vector<Pair> pairs;
  for (size_t p = 0; p < sg.operators.size(); ++p) {
    const tfl::OperatorT& producer = *sg.operators[p];
    if (!IsConvolution(OperatorOf(model, producer)) || producer.inputs.size() != 3 || producer.outputs.size() != 1)
      continue;
    const auto activation = ActivationOf(producer);
    if (activation != tfl::ActivationFunctionType_NONE && activation != tfl::ActivationFunctionType_RELU &&
        activation != tfl::ActivationFunctionType_RELU6)
      continue;
    if (!OwnedFloatConstant(model, sg, use, producer.inputs[1]) || !OwnedFloatConstant(model, sg, use, producer.inputs[2]))
      continue;
    const int32_t out = producer.outputs[0];
    if (GraphOutput(sg, out) || use.readers[out].size() != 1) continue;
    int reader = use.readers[out][0];
    int32_t reader_input = out;
    if (ZeroSpatialPad(model, sg, *sg.operators[reader])) {  // conv -> PAD -> conv
      const int32_t padded = sg.operators[reader]->outputs[0];
      if (sg.operators[reader]->inputs[0] != out || GraphOutput(sg, padded) || use.readers[padded].size() != 1) continue;
      reader_input = padded;
      reader = use.readers[padded][0];
    }
    const tfl::OperatorT& consumer = *sg.operators[reader];
    if (!IsConvolution(OperatorOf(model, consumer)) || consumer.inputs.size() < 2 || consumer.inputs[0] != reader_input)
      continue;
    if (!OwnedFloatConstant(model, sg, use, consumer.inputs[1])) continue;
    const tfl::TensorT& consumer_filter = *sg.tensors[consumer.inputs[1]];
    const tfl::TensorT& activation_tensor = *sg.tensors[out];
    if (consumer_filter.shape.size() != 4 || activation_tensor.shape.empty()) continue;
    const int channels = activation_tensor.shape.back();
    const bool regular = OperatorOf(model, consumer) == tfl::BuiltinOperator_CONV_2D;
    if (regular && consumer_filter.shape[3] != channels) continue;  // grouped convolution
    if (!regular && (channels <= 0 || consumer_filter.shape[3] % channels != 0)) continue;
    pairs.push_back({static_cast<int>(p), reader, out, activation});
  }
  return pairs;
}

// Per-channel max |x| of each tensor in `tensors` over the samples (float run).
Result<std::map<int32_t, std::vector<float>>> ChannelMaxima(const Model& model, const std::vector<Pair>& pairs,
                                                            const std::vector<CalibrationSample>& samples,
                                                            int max_samples, int num_threads) {
  std::map<int32_t, std::vector<float>> maxima;
  for (const Pair& pair : pairs) maxima[pair.tensor];
  InterpreterOptions options;
  options.num_threads = num_threads;
  options.tensor_observer = [&](int index, const Tensor& tensor) {
    auto it = maxima.find(index);
    if (it == maxima.end() || tensor.type != DType::kFloat32 || tensor.shape.empty()) return;
    const int channels = tensor.shape.back();
    std::vector<float>& max = it->second;
    if (max.empty()) max.assign(static_cast<size_t>(channels), 0.f);
    const float* data = tensor.data_as<float>();
    const int64_t n = tensor.num_elements();
    for (int64_t i = 0; i < n; ++i) {
      float& m = max[static_cast<size_t>(i % channels)];
      m = std::max(m, std::fabs(data[i]));
    }
  };
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, options));
  const size_t count = std::min(samples.size(), static_cast<size_t>(std::max(max_samples, 1)));
  for (size_t s = 0; s < count; ++s) {
    Tensor& input = interpreter->input(0);
    if (static_cast<int64_t>(samples[s].data.size()) != input.num_elements())
      return MakeError(samples[s].source + ": input size does not match the model");
    std::memcpy(input.data, samples[s].data.data(), samples[s].data.size() * sizeof(float));
    EP_RETURN_IF_ERROR(WithContext(interpreter->Invoke(), samples[s].source));
  }
  return maxima;
}

// max |w| of each output channel of the producer's filter (rows for CONV_2D, the last dim for
// DEPTHWISE_CONV_2D).
std::vector<float> ProducerWeightMaxima(const tfl::ModelT& model, const tfl::SubGraphT& sg, const Pair& pair,
                                        int channels) {
  const tfl::OperatorT& producer = *sg.operators[pair.producer];
  const std::vector<float> weights = ConstantFloats(model, *sg.tensors[producer.inputs[1]]);
  const bool rows = OperatorOf(model, producer) == tfl::BuiltinOperator_CONV_2D;
  const size_t row = channels > 0 ? weights.size() / static_cast<size_t>(channels) : 0;
  std::vector<float> max(static_cast<size_t>(channels), 0.f);
  for (size_t i = 0; i < weights.size(); ++i) {
    const size_t c = rows ? i / row : i % static_cast<size_t>(channels);
    if (c < max.size()) max[c] = std::max(max[c], std::fabs(weights[i]));
  }
  return max;
}

// `activation_max`: per-channel max |x| of the producer's output; `weight_max`: per-channel max
// |w| of its filter. A scaled channel's weights stay within the layer's largest, so every
// channel's requantization multiplier (input scale x weight scale / output scale) stays inside
// the range the layer already has (XNNPACK refuses multipliers >= 256).
std::vector<float> ChannelScales(const std::vector<float>& activation_max, const std::vector<float>& weight_max,
                                 tfl::ActivationFunctionType activation) {
  const float tensor_max = activation_max.empty() ? 0.f : *std::max_element(activation_max.begin(), activation_max.end());
  const float largest_weight = weight_max.empty() ? 0.f : *std::max_element(weight_max.begin(), weight_max.end());
  const float reach = activation == tfl::ActivationFunctionType_RELU6 ? 0.5f * tensor_max : tensor_max;
  std::vector<float> scales(activation_max.size(), 1.f);
  for (size_t c = 0; c < activation_max.size(); ++c) {
    if (activation_max[c] <= 0.f || weight_max[c] <= 0.f) continue;
    const float limit = std::min(kMaxChannelScale, largest_weight / weight_max[c]);
    scales[c] = std::clamp(reach / activation_max[c], 1.f, std::max(1.f, limit));
  }
  return scales;
}

float* FloatsOf(tfl::ModelT& model, const tfl::TensorT& tensor) {
  return reinterpret_cast<float*>(model.buffers[tensor.buffer]->data.data());
}

// Multiplies output channel c of the producer (filter and bias) by scales[c] and divides the
// consumer's weights reading channel c by it.
void Rescale(tfl::ModelT& model, const tfl::SubGraphT& sg, const Pair& pair, const std::vector<float>& scales) {
  const tfl::OperatorT& producer = *sg.operators[pair.producer];
  const tfl::OperatorT& consumer = *sg.operators[pair.consumer];
  const int channels = static_cast<int>(scales.size());
  auto scale_channel_last = [&](const tfl::TensorT& tensor, bool divide, int per_channel) {
    float* data = FloatsOf(model, tensor);
    const int64_t n = static_cast<int64_t>(model.buffers[tensor.buffer]->data.size() / sizeof(float));
    const int64_t width = static_cast<int64_t>(channels) * per_channel;
    for (int64_t i = 0; i < n; ++i) {
      const float s = scales[static_cast<size_t>((i % width) / per_channel)];
      data[i] = divide ? data[i] / s : data[i] * s;
    }
  };
  const tfl::TensorT& producer_filter = *sg.tensors[producer.inputs[1]];
  if (OperatorOf(model, producer) == tfl::BuiltinOperator_CONV_2D) {  // [C_out, KH, KW, C_in]: rows
    float* data = FloatsOf(model, producer_filter);
    const int64_t row = static_cast<int64_t>(producer_filter.shape[1]) * producer_filter.shape[2] * producer_filter.shape[3];
    for (int c = 0; c < channels; ++c)
      for (int64_t i = 0; i < row; ++i) data[c * row + i] *= scales[static_cast<size_t>(c)];
  } else {  // depthwise [1, KH, KW, C_out]: the last dim
    scale_channel_last(producer_filter, false, 1);
  }
  scale_channel_last(*sg.tensors[producer.inputs[2]], false, 1);
  const tfl::TensorT& consumer_filter = *sg.tensors[consumer.inputs[1]];
  if (OperatorOf(model, consumer) == tfl::BuiltinOperator_CONV_2D) {
    scale_channel_last(consumer_filter, true, 1);  // [C_out, KH, KW, C_in]: input channel last
  } else {
    scale_channel_last(consumer_filter, true, consumer_filter.shape[3] / channels);  // depth multiplier
  }
}

}  // namespace

Result<EqualizationSummary> EqualizeChannels(Model& model, const std::vector<CalibrationSample>& samples,
                                             int max_samples, int num_threads) {
  EqualizationSummary summary;
  if (model.ir().subgraphs.empty() || samples.empty()) return summary;
  const tfl::SubGraphT& sg = *model.ir().subgraphs[0];
  const GraphUse use = Uses(model.ir(), sg);
  const std::vector<Pair> pairs = FindPairs(model.ir(), sg, use);
  if (pairs.empty()) return summary;
  EP_ASSIGN_OR_RETURN(const auto maxima, ChannelMaxima(model, pairs, samples, max_samples, num_threads));
  double log_sum = 0;
  for (const Pair& pair : pairs) {
    const std::vector<float>& max = maxima.at(pair.tensor);
    if (static_cast<int>(max.size()) != sg.tensors[pair.tensor]->shape.back()) continue;  // never observed
    const std::vector<float> scales =
        ChannelScales(max, ProducerWeightMaxima(model.ir(), sg, pair, static_cast<int>(max.size())), pair.activation);
    int rescaled = 0;
    for (float s : scales)
      if (s != 1.f) {
        ++rescaled;
        log_sum += std::log2(s);
      }
    if (rescaled == 0) continue;
    Rescale(model.mutable_ir(), sg, pair, scales);
    ++summary.pairs;
    summary.channels_rescaled += rescaled;
  }
  if (summary.channels_rescaled > 0) summary.mean_log2_scale = log_sum / summary.channels_rescaled;
  return summary;
}

}  // namespace edgepose::quant
