// Input statistics of the weighted layers, for data-aware weight rounding (gptq.h, passes/
// weight_rounding.h): for every float CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED of subgraph
// 0, the second moment H = E[x xᵀ] and the mean E[x] of the layer's input patches x, as im2col
// builds them with the op's stride, padding and dilation (padded taps are zero):
// - CONV_2D: one patch of k_h·k_w·c_in values per output position, ordered (k_h, k_w, c_in) like a
//   filter row;
// - DEPTHWISE_CONV_2D: one k_h·k_w patch per input channel and position (its own H per channel);
// - FULLY_CONNECTED: the input rows of length c_in.
// The collector reads each layer's input tensor as the interpreter's tensor observer hands it
// over; behind a zero spatial PAD it reads the PAD's input and adds the PAD's zeros to the patch
// geometry, so the run may fuse the PAD into the layer and never write the padded tensor.
// Both average a seeded random sample of positions per input (drawn with replacement): all
// positions when there are at most 256, else 1/16 of them, and at most as many as keep the H
// update at about 1/32 of the layer's own multiply-adds (but at least 16), so collecting costs
// less than the float inference itself.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::quant {

struct LayerStats {
  int groups = 1;  // depthwise: one group per input channel
  int dim = 0;     // patch length per group
  std::vector<double> second_moment;  // [groups][dim][dim]
  std::vector<double> mean;           // [groups][dim]
  int64_t sampled_patches = 0;        // per group, behind second_moment and mean
  int64_t patches = 0;                // per group, every position seen
};

struct LayerStatsOptions {
  uint32_t seed = 0;
  int64_t all_positions_up_to = 256;  // layers with at most this many positions per input: all
  int64_t sample_divisor = 16;        // else this fraction of them
  int64_t min_patches = 16;           // the per-layer cost cap never goes below this many
};

class LayerStatsCollector {
 public:
  // Finds the layers of subgraph 0 (float weights only). Errors on malformed options/shapes.
  static Result<std::unique_ptr<LayerStatsCollector>> Create(const tfl::ModelT& model, const LayerStatsOptions& options);
  ~LayerStatsCollector();

  // One activation tensor as the interpreter reports it (subgraph-0 index); tensors that feed no
  // layer are ignored. Errors when a shape does not match the layer.
  Status Observe(int tensor_index, const Tensor& tensor);

  // Per operator index of subgraph 0: the averaged statistics of the layers that saw data.
  std::map<int, LayerStats> Finish();

  size_t layer_count() const;
  // Whether Observe needs this tensor. A layer behind a zero spatial PAD reads the PAD's input, so
  // the PAD can stay fused into the layer while the statistics are collected.
  bool Reads(int tensor_index) const;

 private:
  struct Layer;
  LayerStatsCollector() = default;
  static void FlushPartial(Layer& layer);
  std::vector<Layer> layers_;
  std::multimap<int, size_t> by_source_;  // observed tensor -> layers reading it
  LayerStatsOptions options_;
  std::vector<float> patches_;  // the sampled patches of the current layer and input
};

}  // namespace edgepose::quant
