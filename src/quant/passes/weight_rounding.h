// Data-aware rounding of one layer's int8 weights (full-integer modes): the per-channel scales
// stay as QuantizeWeightsSymmetric chose them (max-abs, TFLite's symmetric int8 in [-127, 127]);
// the integer values are re-chosen with GPTQ (gptq.h) from the layer's input statistics
// (layer_stats.h), and bias correction returns the shift (W - Wq)·E[x] per output channel that,
// added to the float bias before it is quantized, cancels the mean output error the rounding
// leaves on the calibration data.
// Layouts: CONV_2D [O, KH, KW, I] (a row per O, shared H); DEPTHWISE_CONV_2D [1, KH, KW, C·M]
// (output channel o reads input channel o / M and uses that channel's H); FULLY_CONNECTED [O, I].
#pragma once

#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/layer_stats.h"
#include "quant/quant_params.h"

namespace edgepose::quant {

enum class WeightRounding { kNearest, kGptq };
Result<WeightRounding> ParseWeightRounding(const std::string& name);  // nearest|gptq
const char* WeightRoundingName(WeightRounding rounding);

struct WeightRoundingOptions {
  WeightRounding method = WeightRounding::kGptq;
  bool bias_correction = true;
  double damp = 0.01;  // fraction of mean(diag H) added to H's diagonal
  bool act_order = false;  // GPTQ visits inputs by decreasing E[x²] (measured no better here)
};

// Re-rounds `qw` (made by QuantizeWeightsSymmetric from `values` of `shape`, scales kept) for the
// layer `op`, and, with bias correction, returns the per-output-channel float bias shift in
// *bias_shift (empty otherwise). Nearest rounding leaves qw alone but may still correct the bias.
Status RoundLayerWeights(tfl::BuiltinOperator op, const std::vector<float>& values, const Shape& shape,
                         const LayerStats& stats, const WeightRoundingOptions& options, QuantizedWeights* qw,
                         std::vector<float>* bias_shift);

}  // namespace edgepose::quant
