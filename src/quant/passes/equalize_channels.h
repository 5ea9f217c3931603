// Channel equalization before int8 calibration (data-aware cross-layer equalization, after
// Nagel et al. 2019, "Data-Free Quantization Through Weight Equalization and Bias Correction").
//
// Why: one int8 scale covers a whole activation tensor, and in MediaPipe's pose models some
// channels of a tensor span [0, 6] while others never leave [0, 0.01]; the small channels round
// to nothing, and the next layer multiplies them by weights in the hundreds (measured: a 3x3
// depthwise layer of pose_landmark_full falls from 39 to 18 dB SQNR in one step).
//
// What: for a CONV_2D / DEPTHWISE_CONV_2D "producer" whose output feeds exactly one CONV_2D /
// DEPTHWISE_CONV_2D "consumer" (directly or through one zero spatial PAD), output channel c of the
// producer is multiplied by s_c (its weights and bias) and the consumer's weights reading channel
// c are divided by s_c. Convolutions are linear and ReLU commutes with positive scales, so the
// float model computes the same function; per-channel weight quantization absorbs the producer's
// change exactly. s_c brings channel c's calibration maximum m_c up to the tensor's maximum M:
//   NONE / RELU producers:  s_c = M / m_c;
//   RELU6 producers:        s_c = max(1, M / (2 m_c)) — the clip at 6 then sits at 2 m_c of the
//     channel's original units, twice what calibration saw, instead of at 6 (never lower).
// s_c is capped at kMaxChannelScale and so that the channel's weights stay within the layer's
// largest (keeps every requantization multiplier in the range the layer already has); dead
// channels (m_c = 0) keep s_c = 1.
#pragma once

#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/calibration_data.h"

namespace edgepose::quant {

inline constexpr float kMaxChannelScale = 1024.f;

struct EqualizationSummary {
  int pairs = 0;               // producer -> consumer pairs rescaled
  int streams = 0;             // residual streams rescaled
  int channels_rescaled = 0;   // channels with s_c != 1
  double mean_log2_scale = 0;  // over the rescaled channels
};

// Rescales every eligible pair of `model` (float, constants folded) using per-channel maxima
// measured by running it on up to `max_samples` of `samples`.
Result<EqualizationSummary> EqualizeChannels(Model& model, const std::vector<CalibrationSample>& samples,
                                             int max_samples = 16, int num_threads = 1);

}  // namespace edgepose::quant
