// Calibration: runs the float model on every calibration input (default backend, so XNNPACK
// when available) and feeds each FLOAT32 activation tensor to its own range observer through
// InterpreterOptions::tensor_observer. A NaN or infinity in any activation is an error naming
// the tensor and the input. Optionally the same pass feeds a LayerStatsCollector (layer_stats.h)
// with the inputs of the weighted layers (first kLayerStatsSamples inputs).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/calibration_data.h"
#include "quant/layer_stats.h"
#include "quant/observers/range_observer.h"

namespace edgepose::quant {

struct CalibrationResult {
  std::map<int, Range> ranges;  // subgraph-0 tensor index -> observed range
  int inputs_run = 0;
  double seconds = 0.0;         // wall time of the float runs (layer statistics included)
  double layer_stats_seconds = 0.0;  // of which collecting layer statistics
};

// Layer statistics (GPTQ's input second moments) come from the first kLayerStatsSamples inputs
// only: their sampled patches already number in the thousands per layer, and the quantizer's speed
// budget (quantizing with 100 inputs within 3x the time of 100 float inferences) has no room for
// one extra pass per input.
inline constexpr size_t kLayerStatsSamples = 32;

// progress(done, total) after each input (may be empty). Tensors in `unranged` get no range
// observer (nor the finiteness check): TensorsWithInheritedParams (passes/op_rules.h) lists the
// ones whose range is never read, 20-25 % of the values the pose models write.
Result<CalibrationResult> Calibrate(const Model& float_model, const std::vector<CalibrationSample>& samples,
                                    const ObserverOptions& observer_options, int num_threads = 1,
                                    const std::function<void(int, int)>& progress = {},
                                    LayerStatsCollector* layer_stats = nullptr, const std::set<int>& unranged = {});

}  // namespace edgepose::quant
