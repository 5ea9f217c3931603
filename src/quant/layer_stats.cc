#include "quant/layer_stats.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <random>
#include <string>

#include "core/simd_clones.h"
#include "model/tensor_utils.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"
#include "runtime/kernels/common/padding.h"

namespace edgepose::quant {

enum class LayerKind { kConv, kDepthwise, kFullyConnected };

struct LayerStatsCollector::Layer {
  int op_index = 0;
  LayerKind kind = LayerKind::kConv;
  std::string label;
  int kh = 1, kw = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  tfl::Padding padding = tfl::Padding_VALID;
  // A zero spatial PAD in front of the layer, read through: the statistics come from the PAD's
  // input with these rows and columns of zeros around it (the PAD's output may never be written).
  SpatialPads read_through;
  int in_c = 0;  // channels the filter reads
  int groups = 1, dim = 0;
  int rows_per_group = 1;  // filter rows reading one group: conv / FC output channels, depthwise M
  // Conv / FC: h [dim][dim] (upper triangle), mean [dim]. Depthwise while collecting: h
  // [tap][tap][in_c] (upper triangle in taps), mean [tap][in_c], so the loops run along channels.
  std::vector<double> h, mean;
  std::vector<float> h_partial;  // not yet in h
  int64_t partial_patches = 0;
  int64_t sampled = 0, patches = 0;
  uint64_t calls = 0;
};

namespace {

int Positive(int value) { return value < 1 ? 1 : value; }

// The window options of a CONV_2D / DEPTHWISE_CONV_2D (both option tables carry the same fields).
template <class Options>
void ReadWindow(const Options* options, tfl::Padding* padding, int* stride_h, int* stride_w, int* dilation_h,
                int* dilation_w) {
  if (!options) return;
  *padding = options->padding;
  *stride_h = options->stride_h, *stride_w = options->stride_w;
  *dilation_h = options->dilation_h_factor, *dilation_w = options->dilation_w_factor;
}

// The update is bound by loading and storing h (megabytes for the wide 1x1 convolutions), not by
// the multiply-adds: each row of h is therefore loaded once per call and gets every patch there,
// kBlock patches per sweep along the row.
constexpr int kBlock = 8;  // the sums below are written out for 8

// The two accumulation loops are most of the collection time (cloned wider: core/simd_clones.h).
// h[i][j] (j >= i) += Σ_p x_p[i] x_p[j] over `count` patches of length n.
EP_SIMD_CLONES void AccumulateUpper(const float* __restrict patches, int64_t count, int n, float* __restrict h) {
  const size_t len = static_cast<size_t>(n);
  const int64_t full = count - count % kBlock;
  for (size_t i = 0; i < len; ++i) {
    float* __restrict row = h + i * len;
    for (int64_t p = 0; p < full; p += kBlock) {
      const float* x = patches + p * len;
      float a[kBlock];
      bool any = false;
      for (int b = 0; b < kBlock; ++b) any |= (a[b] = x[b * len + i]) != 0.f;
      if (!any) continue;  // ReLU outputs, padded taps
      const float *x0 = x, *x1 = x0 + len, *x2 = x1 + len, *x3 = x2 + len, *x4 = x3 + len, *x5 = x4 + len,
                  *x6 = x5 + len, *x7 = x6 + len;
      // A balanced sum: short dependency chains keep the vector units busy.
      for (size_t j = i; j < len; ++j)
        row[j] += ((a[0] * x0[j] + a[1] * x1[j]) + (a[2] * x2[j] + a[3] * x3[j])) +
                  ((a[4] * x4[j] + a[5] * x5[j]) + (a[6] * x6[j] + a[7] * x7[j]));
    }
    for (int64_t p = full; p < count; ++p) {
      const float* x = patches + p * len;
      const float a = x[i];
      if (a == 0.f) continue;
      for (size_t j = i; j < len; ++j) row[j] += a * x[j];
    }
  }
}

// Depthwise: h[i][j][ch] (j >= i) += Σ_p x_p[i][ch] x_p[j][ch], patches of taps x channels.
// `__restrict`: with sixteen source rows GCC would need more run-time overlap checks than it
// versions a loop for, and kept this loop scalar.
EP_SIMD_CLONES void AccumulateDepthwise(const float* __restrict patches, int64_t count, int taps, size_t channels,
                                        float* __restrict h) {
  const size_t patch = static_cast<size_t>(taps) * channels;
  for (int64_t p = 0; p < count; p += kBlock) {
    const int block = static_cast<int>(std::min<int64_t>(kBlock, count - p));
    const float* x = patches + p * patch;
    for (int i = 0; i < taps; ++i)
      for (int j = i; j < taps; ++j) {
        float* __restrict dst = h + (static_cast<size_t>(i) * taps + j) * channels;
        const float* xi = x + static_cast<size_t>(i) * channels;
        const float* xj = x + static_cast<size_t>(j) * channels;
        if (block == kBlock) {
          const float *a0 = xi, *a1 = a0 + patch, *a2 = a1 + patch, *a3 = a2 + patch, *a4 = a3 + patch,
                      *a5 = a4 + patch, *a6 = a5 + patch, *a7 = a6 + patch;
          const float *b0 = xj, *b1 = b0 + patch, *b2 = b1 + patch, *b3 = b2 + patch, *b4 = b3 + patch,
                      *b5 = b4 + patch, *b6 = b5 + patch, *b7 = b6 + patch;
          for (size_t c = 0; c < channels; ++c)
            dst[c] += ((a0[c] * b0[c] + a1[c] * b1[c]) + (a2[c] * b2[c] + a3[c] * b3[c])) +
                      ((a4[c] * b4[c] + a5[c] * b5[c]) + (a6[c] * b6[c] + a7[c] * b7[c]));
        } else {
          for (int b = 0; b < block; ++b)
            for (size_t c = 0; c < channels; ++c) dst[c] += xi[b * patch + c] * xj[b * patch + c];
        }
      }
  }
}

constexpr int64_t kFlushPatches = 4096;

}  // namespace

void LayerStatsCollector::FlushPartial(Layer& layer) {
  for (size_t i = 0; i < layer.h_partial.size(); ++i) layer.h[i] += layer.h_partial[i];
  std::fill(layer.h_partial.begin(), layer.h_partial.end(), 0.f);
  layer.partial_patches = 0;
}

LayerStatsCollector::~LayerStatsCollector() = default;

size_t LayerStatsCollector::layer_count() const { return layers_.size(); }

bool LayerStatsCollector::Reads(int tensor_index) const { return by_source_.count(tensor_index) > 0; }

Result<std::unique_ptr<LayerStatsCollector>> LayerStatsCollector::Create(const tfl::ModelT& model,
                                                                          const LayerStatsOptions& options) {
  if (options.sample_divisor < 1 || options.all_positions_up_to < 1 || options.min_patches < 1)
    return MakeError("layer statistics: sample divisor, all-positions limit and minimum patches must be >= 1");
  std::unique_ptr<LayerStatsCollector> collector(new LayerStatsCollector());
  collector->options_ = options;
  if (model.subgraphs.empty()) return collector;
  const auto& sg = *model.subgraphs[0];
  const auto valid = [&](int32_t t) { return t >= 0 && static_cast<size_t>(t) < sg.tensors.size(); };
  const std::vector<int> producers = ProducersOf(model);
  for (size_t i = 0; i < sg.operators.size(); ++i) {
    const auto& op = *sg.operators[i];
    const tfl::BuiltinOperator code = OperatorOf(model, op);
    if (code != tfl::BuiltinOperator_CONV_2D && code != tfl::BuiltinOperator_DEPTHWISE_CONV_2D &&
        code != tfl::BuiltinOperator_FULLY_CONNECTED)
      continue;
    if (op.inputs.size() < 2 || !valid(op.inputs[0]) || !valid(op.inputs[1])) continue;
    const auto& input = *sg.tensors[op.inputs[0]];
    const auto& weights = *sg.tensors[op.inputs[1]];
    if (input.type != tfl::TensorType_FLOAT32 || weights.type != tfl::TensorType_FLOAT32 ||
        !IsConstant(model, weights) || IsConstant(model, input))
      continue;
    Layer layer;
    layer.op_index = static_cast<int>(i);
    layer.label = "node " + std::to_string(i) + " (" + OpName(code) + ")";
    int32_t source = op.inputs[0];
    std::optional<SpatialPads> pads;
    if (code != tfl::BuiltinOperator_FULLY_CONNECTED && producers[source] >= 0 &&
        (pads = ZeroSpatialPads(model, sg, *sg.operators[producers[source]]))) {
      layer.read_through = *pads;
      source = sg.operators[producers[source]]->inputs[0];
      if (!valid(source)) continue;
    }
    if (code == tfl::BuiltinOperator_FULLY_CONNECTED) {
      if (weights.shape.size() != 2 || weights.shape[1] < 1) continue;
      layer.kind = LayerKind::kFullyConnected;
      layer.in_c = layer.dim = weights.shape[1];
      layer.rows_per_group = std::max(weights.shape[0], 1);
    } else {
      if (weights.shape.size() != 4 || input.shape.size() != 4) continue;
      layer.kh = weights.shape[1];
      layer.kw = weights.shape[2];
      if (code == tfl::BuiltinOperator_CONV_2D) {
        ReadWindow(op.builtin_options.AsConv2DOptions(), &layer.padding, &layer.stride_h, &layer.stride_w,
                   &layer.dilation_h, &layer.dilation_w);
        layer.kind = LayerKind::kConv;
        layer.in_c = weights.shape[3];
        layer.dim = layer.kh * layer.kw * layer.in_c;
        layer.rows_per_group = std::max(weights.shape[0], 1);
      } else {
        ReadWindow(op.builtin_options.AsDepthwiseConv2DOptions(), &layer.padding, &layer.stride_h, &layer.stride_w,
                   &layer.dilation_h, &layer.dilation_w);
        layer.kind = LayerKind::kDepthwise;
        layer.in_c = input.shape[3];
        if (layer.in_c < 1 || weights.shape[3] % layer.in_c != 0) continue;
        layer.groups = layer.in_c;
        layer.dim = layer.kh * layer.kw;
        layer.rows_per_group = weights.shape[3] / layer.in_c;
      }
      layer.stride_h = Positive(layer.stride_h), layer.stride_w = Positive(layer.stride_w);
      layer.dilation_h = Positive(layer.dilation_h), layer.dilation_w = Positive(layer.dilation_w);
      if (layer.kh < 1 || layer.kw < 1 || layer.in_c < 1) continue;
    }
    const size_t dim = static_cast<size_t>(layer.dim);
    layer.h.assign(static_cast<size_t>(layer.groups) * dim * dim, 0.0);
    layer.mean.assign(static_cast<size_t>(layer.groups) * dim, 0.0);
    collector->by_source_.emplace(source, collector->layers_.size());
    collector->layers_.push_back(std::move(layer));
  }
  return collector;
}

Status LayerStatsCollector::Observe(int tensor_index, const Tensor& tensor) {
  const auto [begin, end] = by_source_.equal_range(tensor_index);
  if (begin == end || tensor.type != DType::kFloat32 || tensor.data == nullptr) return Ok();
  const float* data = tensor.data_as<float>();
  const int64_t elements = tensor.num_elements();
  for (auto it = begin; it != end; ++it) {
    Layer& layer = layers_[it->second];
    // Geometry as [n][h][w][c] source positions; a fully connected layer reads rows as 1 x 1 patches.
    int64_t n = 0, in_h = 1, in_w = 1, c = layer.in_c, out_h = 1, out_w = 1, top = 0, left = 0;
    if (layer.kind == LayerKind::kFullyConnected) {
      if (elements % layer.dim != 0)
        return MakeError(layer.label + ": input of " + std::to_string(elements) + " values is not rows of " +
                         std::to_string(layer.dim));
      n = elements / layer.dim;
    } else {
      if (tensor.rank() != 4 || tensor.dim(3) != layer.in_c)
        return MakeError(layer.label + ": input shape " + ShapeToString(tensor.shape) + " does not match the filter");
      n = tensor.dim(0), in_h = tensor.dim(1), in_w = tensor.dim(2), c = tensor.dim(3);
      const SpatialPads& extra = layer.read_through;
      const auto pad = kernels::ComputePadding2D(layer.padding, static_cast<int>(in_h + extra.top + extra.bottom),
                                                 static_cast<int>(in_w + extra.left + extra.right), layer.kh, layer.kw,
                                                 layer.stride_h, layer.stride_w, layer.dilation_h, layer.dilation_w);
      out_h = pad.out_h, out_w = pad.out_w;
      top = pad.top + extra.top, left = pad.left + extra.left;
    }
    const int64_t positions = n * out_h * out_w;
    if (positions <= 0) continue;
    const int taps = layer.kh * layer.kw;
    const size_t row = static_cast<size_t>(layer.in_c);  // one tap of a patch
    // Source row (c values) of tap t at position p, or nullptr for a padded tap.
    const auto tap_source = [&](int64_t p, int t) -> const float* {
      const int64_t b = p / (out_h * out_w), oy = p / out_w % out_h, ox = p % out_w;
      const int64_t y = oy * layer.stride_h + (t / layer.kw) * layer.dilation_h - top;
      const int64_t x = ox * layer.stride_w + (t % layer.kw) * layer.dilation_w - left;
      if (y < 0 || y >= in_h || x < 0 || x >= in_w) return nullptr;
      return data + ((b * in_h + y) * in_w + x) * c;
    };
    // Sampled positions, gathered as (tap, channel) patches; the budget keeps the H update of a
    // layer (dim²/2 per patch and group) at about 1/32 of the layer's own multiply-adds.
    int64_t count = positions;
    if (positions > options_.all_positions_up_to) count = positions / options_.sample_divisor;
    const int64_t budget = static_cast<int64_t>(0.0625 * static_cast<double>(positions) * layer.rows_per_group / layer.dim);
    count = std::min(positions, std::min(count, std::max(options_.min_patches, budget)));
    std::seed_seq seq{options_.seed, static_cast<uint32_t>(layer.op_index), static_cast<uint32_t>(layer.calls++)};
    std::mt19937_64 rng(seq);
    const size_t patch = static_cast<size_t>(taps) * row;
    patches_.assign(static_cast<size_t>(count) * patch, 0.f);
    for (int64_t s = 0; s < count; ++s) {
      const int64_t p = count == positions ? s : static_cast<int64_t>(rng() % static_cast<uint64_t>(positions));
      for (int t = 0; t < taps; ++t)
        if (const float* src = tap_source(p, t))
          std::memcpy(&patches_[s * patch + t * row], src, static_cast<size_t>(c) * sizeof(float));
    }
    // H sums in float per layer, flushed into double every few thousand patches (precision),
    // not per input (the flush costs as much as a small layer's update).
    if (layer.h_partial.empty()) layer.h_partial.assign(layer.h.size(), 0.f);
    float* partial = layer.h_partial.data();
    if (layer.kind == LayerKind::kDepthwise)
      AccumulateDepthwise(patches_.data(), count, taps, row, partial);
    else
      AccumulateUpper(patches_.data(), count, layer.dim, partial);
    layer.partial_patches += count;
    if (layer.partial_patches >= kFlushPatches) FlushPartial(layer);
    std::vector<double> mean_sum(patch, 0.0);
    for (int64_t s = 0; s < count; ++s) {
      const float* x = &patches_[s * patch];
      for (size_t i = 0; i < patch; ++i) mean_sum[i] += x[i];
    }
    for (size_t i = 0; i < patch; ++i) layer.mean[i] += mean_sum[i];
    layer.patches += positions;
    layer.sampled += count;
  }
  return Ok();
}

std::map<int, LayerStats> LayerStatsCollector::Finish() {
  std::map<int, LayerStats> result;
  for (Layer& layer : layers_) {
    FlushPartial(layer);
    if (layer.sampled == 0 || layer.patches == 0) continue;
    LayerStats& stats = result[layer.op_index];
    stats.groups = layer.groups;
    stats.dim = layer.dim;
    stats.sampled_patches = layer.sampled;
    stats.patches = layer.patches;
    const size_t dim = static_cast<size_t>(layer.dim), groups = static_cast<size_t>(layer.groups);
    stats.second_moment.assign(groups * dim * dim, 0.0);
    stats.mean.assign(groups * dim, 0.0);
    const double h_norm = 1.0 / static_cast<double>(layer.sampled);
    const double mean_norm = h_norm;
    if (layer.kind == LayerKind::kDepthwise) {
      for (size_t g = 0; g < groups; ++g)
        for (size_t i = 0; i < dim; ++i) {
          stats.mean[g * dim + i] = layer.mean[i * groups + g] * mean_norm;
          for (size_t j = i; j < dim; ++j) {
            const double v = layer.h[(i * dim + j) * groups + g] * h_norm;
            stats.second_moment[(g * dim + i) * dim + j] = stats.second_moment[(g * dim + j) * dim + i] = v;
          }
        }
    } else {
      for (size_t i = 0; i < dim; ++i) {
        stats.mean[i] = layer.mean[i] * mean_norm;
        for (size_t j = i; j < dim; ++j)
          stats.second_moment[i * dim + j] = stats.second_moment[j * dim + i] = layer.h[i * dim + j] * h_norm;
      }
    }
  }
  return result;
}

}  // namespace edgepose::quant
