#include "quant/passes/equalize_channels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "edgepose/interpreter.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

// Tensors rescaled together: a convolution's output read by one convolution (a pair), or a
// residual stream (tensors joined by ADDs). Producers' output channels are multiplied by the
// scales, consumers' input channels divided.
struct Group {
  std::vector<int32_t> tensors;
  std::vector<int> producers;  // CONV_2D / DEPTHWISE_CONV_2D op indices
  std::vector<int> consumers;  // CONV_2D / DEPTHWISE_CONV_2D op indices reading a group tensor as input 0
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE;  // of the producers
  int channels = 0;
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

bool GraphOutput(const tfl::SubGraphT& sg, int32_t t) {
  return std::find(sg.outputs.begin(), sg.outputs.end(), t) != sg.outputs.end();
}

// A convolution with a bias whose weights and bias only it uses.
bool RescalableProducer(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use, int op_index) {
  const tfl::OperatorT& op = *sg.operators[op_index];
  return IsConvolution(OperatorOf(model, op)) && op.inputs.size() == 3 && op.outputs.size() == 1 &&
         OwnedFloatConstant(model, sg, use, op.inputs[1]) && OwnedFloatConstant(model, sg, use, op.inputs[2]);
}

// A convolution reading `tensor` ([..., channels]) as input 0 only, ungrouped, with its own weights.
bool RescalableConsumer(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use, int op_index,
                        int32_t tensor, int channels) {
  const tfl::OperatorT& op = *sg.operators[op_index];
  if (!IsConvolution(OperatorOf(model, op)) || op.inputs.size() < 2 || op.inputs[0] != tensor) return false;
  for (size_t i = 1; i < op.inputs.size(); ++i)
    if (op.inputs[i] == tensor) return false;
  if (!OwnedFloatConstant(model, sg, use, op.inputs[1])) return false;
  const tfl::TensorT& filter = *sg.tensors[op.inputs[1]];
  if (filter.shape.size() != 4 || channels <= 0) return false;
  if (OperatorOf(model, op) == tfl::BuiltinOperator_CONV_2D) return filter.shape[3] == channels;  // not grouped
  return filter.shape[3] % channels == 0;
}

std::vector<Group> FindPairs(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use) {
  std::vector<Group> pairs;
  for (size_t p = 0; p < sg.operators.size(); ++p) {
    const tfl::OperatorT& producer = *sg.operators[p];
    if (!IsConvolution(OperatorOf(model, producer)) || producer.inputs.size() != 3 || producer.outputs.size() != 1)
      continue;
    const auto activation = ActivationOf(producer);
    if (activation != tfl::ActivationFunctionType_NONE && activation != tfl::ActivationFunctionType_RELU &&
        activation != tfl::ActivationFunctionType_RELU6)
      continue;
    if (!RescalableProducer(model, sg, use, static_cast<int>(p))) continue;
    const int32_t out = producer.outputs[0];
    if (GraphOutput(sg, out) || use.readers[out].size() != 1) continue;
    int reader = use.readers[out][0];
    int32_t reader_input = out;
    if (ZeroSpatialPads(model, sg, *sg.operators[reader])) {  // conv -> PAD -> conv (commutes with channel scales)
      const int32_t padded = sg.operators[reader]->outputs[0];
      if (sg.operators[reader]->inputs[0] != out || GraphOutput(sg, padded) || use.readers[padded].size() != 1) continue;
      reader_input = padded;
      reader = use.readers[padded][0];
    }
    if (sg.tensors[out]->shape.empty()) continue;
    const int channels = sg.tensors[out]->shape.back();
    if (!RescalableConsumer(model, sg, use, reader, reader_input, channels)) continue;
    pairs.push_back({{out}, {static_cast<int>(p)}, {reader}, activation, channels});
  }
  return pairs;
}

// Residual streams: the tensors joined by ADDs (inputs and output of each) when every producer
// is an ADD of the stream or a linear convolution, and every reader an ADD of the stream or a
// convolution reading it as input 0. (MobileNetV2-style bottlenecks: one scale per channel
// along a whole stage.)
std::vector<Group> FindStreams(const tfl::ModelT& model, const tfl::SubGraphT& sg, const GraphUse& use) {
  std::vector<int32_t> root(sg.tensors.size());
  for (size_t t = 0; t < root.size(); ++t) root[t] = static_cast<int32_t>(t);
  auto find = [&](int32_t t) {
    while (root[t] != t) t = root[t] = root[root[t]];
    return t;
  };
  std::vector<bool> in_stream(sg.tensors.size(), false);
  auto is_stream_add = [&](const tfl::OperatorT& op) {
    if (OperatorOf(model, op) != tfl::BuiltinOperator_ADD || op.inputs.size() != 2 || op.outputs.size() != 1) return false;
    const auto* options = op.builtin_options.AsAddOptions();
    if (options && options->fused_activation_function != tfl::ActivationFunctionType_NONE) return false;
    for (int32_t t : {op.inputs[0], op.inputs[1], op.outputs[0]})
      if (t < 0 || IsConstant(model, *sg.tensors[t]) || sg.tensors[t]->shape != sg.tensors[op.outputs[0]]->shape)
        return false;
    return true;
  };
  for (const auto& op : sg.operators) {
    if (!is_stream_add(*op)) continue;
    for (int32_t t : {op->inputs[0], op->inputs[1], op->outputs[0]}) {
      in_stream[t] = true;
      root[find(t)] = find(op->outputs[0]);
    }
  }
  std::map<int32_t, Group> by_root;
  for (size_t t = 0; t < sg.tensors.size(); ++t)
    if (in_stream[t]) by_root[find(static_cast<int32_t>(t))].tensors.push_back(static_cast<int32_t>(t));
  std::vector<Group> streams;
  for (auto& [unused, group] : by_root) {
    group.channels = sg.tensors[group.tensors[0]]->shape.back();
    bool ok = group.channels > 0;
    std::set<int> producers, consumers;
    for (int32_t t : group.tensors) {
      if (!ok) break;
      if (GraphOutput(sg, t)) ok = false;
      const int p = use.producer[t];
      if (p < 0) {
        ok = false;
      } else if (!is_stream_add(*sg.operators[p])) {
        ok = RescalableProducer(model, sg, use, p) && ActivationOf(*sg.operators[p]) == tfl::ActivationFunctionType_NONE;
        producers.insert(p);
      }
      for (int reader : use.readers[t]) {
        if (!ok) break;
        if (is_stream_add(*sg.operators[reader])) continue;
        ok = RescalableConsumer(model, sg, use, reader, t, group.channels);
        consumers.insert(reader);
      }
    }
    if (!ok || producers.empty() || consumers.empty()) continue;
    group.producers.assign(producers.begin(), producers.end());
    group.consumers.assign(consumers.begin(), consumers.end());
    streams.push_back(std::move(group));
  }
  return streams;
}

// Per-channel max |x| of every group tensor over the samples (float run).
Result<std::map<int32_t, std::vector<float>>> ChannelMaxima(const Model& model, const std::vector<Group>& groups,
                                                            const std::vector<CalibrationSample>& samples,
                                                            int max_samples, int num_threads) {
  std::map<int32_t, std::vector<float>> maxima;
  for (const Group& group : groups)
    for (int32_t t : group.tensors) maxima[t];
  InterpreterOptions options;
  options.num_threads = num_threads;
  options.observes = [&](int index) { return maxima.count(index) > 0; };
  options.tensor_observer = [&](int index, const Tensor& tensor) {
    auto it = maxima.find(index);
    if (it == maxima.end() || tensor.type != DType::kFloat32 || tensor.shape.empty()) return;
    const int channels = tensor.shape.back();
    if (channels <= 0) return;
    std::vector<float>& max = it->second;
    if (max.empty()) max.assign(static_cast<size_t>(channels), 0.f);
    const float* data = tensor.data_as<float>();
    const int64_t pixels = tensor.num_elements() / channels;
    float* m = max.data();
    for (int64_t p = 0; p < pixels; ++p, data += channels)  // channels innermost: a vector loop
      for (int c = 0; c < channels; ++c) m[c] = std::max(m[c], std::fabs(data[c]));
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

// max |w| of each output channel of a producer's filter (rows for CONV_2D, the last dim for
// DEPTHWISE_CONV_2D).
std::vector<float> ProducerWeightMaxima(const tfl::ModelT& model, const tfl::SubGraphT& sg, int producer_index,
                                        int channels) {
  const tfl::OperatorT& producer = *sg.operators[producer_index];
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

// `activation_max`: per-channel max |x| over the group's tensors. Each producer's scaled channel
// weights stay within that producer's largest, so every channel's requantization multiplier
// (input scale x weight scale / output scale) stays inside the range the layer already has
// (XNNPACK refuses multipliers >= 256).
std::vector<float> ChannelScales(const tfl::ModelT& model, const tfl::SubGraphT& sg, const Group& group,
                                 const std::vector<float>& activation_max) {
  const float tensor_max = activation_max.empty() ? 0.f : *std::max_element(activation_max.begin(), activation_max.end());
  const float reach = group.activation == tfl::ActivationFunctionType_RELU6 ? 0.5f * tensor_max : tensor_max;
  std::vector<float> limit(activation_max.size(), kMaxChannelScale);
  for (int producer : group.producers) {
    const std::vector<float> weight_max = ProducerWeightMaxima(model, sg, producer, group.channels);
    const float largest = *std::max_element(weight_max.begin(), weight_max.end());
    for (size_t c = 0; c < limit.size(); ++c)
      limit[c] = weight_max[c] > 0.f ? std::min(limit[c], largest / weight_max[c]) : 1.f;
  }
  std::vector<float> scales(activation_max.size(), 1.f);
  for (size_t c = 0; c < activation_max.size(); ++c)
    if (activation_max[c] > 0.f) scales[c] = std::clamp(reach / activation_max[c], 1.f, std::max(1.f, limit[c]));
  return scales;
}

float* FloatsOf(tfl::ModelT& model, const tfl::TensorT& tensor) {
  return reinterpret_cast<float*>(model.buffers[tensor.buffer]->data.data());
}

// Multiplies (or divides) the elements of `tensor` whose channel, counted along the last dim in
// groups of `per_channel`, is c by scales[c].
void ScaleLastDim(tfl::ModelT& model, const tfl::TensorT& tensor, const std::vector<float>& scales, int per_channel,
                  bool divide) {
  float* data = FloatsOf(model, tensor);
  const int64_t n = static_cast<int64_t>(model.buffers[tensor.buffer]->data.size() / sizeof(float));
  const int64_t width = static_cast<int64_t>(scales.size()) * per_channel;
  for (int64_t i = 0; i < n; ++i) {
    const float s = scales[static_cast<size_t>((i % width) / per_channel)];
    data[i] = divide ? data[i] / s : data[i] * s;
  }
}

// Multiplies output channel c of every producer (filter and bias) by scales[c] and divides every
// consumer's weights reading channel c by it.
void Rescale(tfl::ModelT& model, const tfl::SubGraphT& sg, const Group& group, const std::vector<float>& scales) {
  const int channels = static_cast<int>(scales.size());
  for (int p : group.producers) {
    const tfl::OperatorT& producer = *sg.operators[p];
    const tfl::TensorT& filter = *sg.tensors[producer.inputs[1]];
    if (OperatorOf(model, producer) == tfl::BuiltinOperator_CONV_2D) {  // [C_out, KH, KW, C_in]: rows
      float* data = FloatsOf(model, filter);
      const int64_t row = static_cast<int64_t>(filter.shape[1]) * filter.shape[2] * filter.shape[3];
      for (int c = 0; c < channels; ++c)
        for (int64_t i = 0; i < row; ++i) data[c * row + i] *= scales[static_cast<size_t>(c)];
    } else {  // depthwise [1, KH, KW, C_out]: the last dim
      ScaleLastDim(model, filter, scales, 1, false);
    }
    ScaleLastDim(model, *sg.tensors[producer.inputs[2]], scales, 1, false);
  }
  for (int c : group.consumers) {
    const tfl::OperatorT& consumer = *sg.operators[c];
    const tfl::TensorT& filter = *sg.tensors[consumer.inputs[1]];
    const bool regular = OperatorOf(model, consumer) == tfl::BuiltinOperator_CONV_2D;
    ScaleLastDim(model, filter, scales, regular ? 1 : filter.shape[3] / channels, true);  // depthwise: multiplier
  }
}

}  // namespace

Result<EqualizationSummary> EqualizeChannels(Model& model, const std::vector<CalibrationSample>& samples,
                                             int max_samples, int num_threads) {
  EqualizationSummary summary;
  if (model.ir().subgraphs.empty() || samples.empty()) return summary;
  const tfl::SubGraphT& sg = *model.ir().subgraphs[0];
  const GraphUse use = Uses(model.ir(), sg);
  std::vector<Group> groups = FindPairs(model.ir(), sg, use);
  for (Group& stream : FindStreams(model.ir(), sg, use)) groups.push_back(std::move(stream));
  if (groups.empty()) return summary;
  EP_ASSIGN_OR_RETURN(const auto maxima, ChannelMaxima(model, groups, samples, max_samples, num_threads));
  double log_sum = 0;
  for (const Group& group : groups) {
    std::vector<float> max(static_cast<size_t>(group.channels), 0.f);
    bool observed = true;
    for (int32_t t : group.tensors) {
      const std::vector<float>& m = maxima.at(t);
      if (m.size() != max.size()) observed = false;
      for (size_t c = 0; observed && c < m.size(); ++c) max[c] = std::max(max[c], m[c]);
    }
    if (!observed) continue;
    const std::vector<float> scales = ChannelScales(model.ir(), sg, group, max);
    int rescaled = 0;
    for (float s : scales)
      if (s != 1.f) {
        ++rescaled;
        log_sum += std::log2(s);
      }
    if (rescaled == 0) continue;
    Rescale(model.mutable_ir(), sg, group, scales);
    ++(group.tensors.size() == 1 ? summary.pairs : summary.streams);
    summary.channels_rescaled += rescaled;
  }
  if (summary.channels_rescaled > 0) summary.mean_log2_scale = log_sum / summary.channels_rescaled;
  return summary;
}

}  // namespace edgepose::quant
