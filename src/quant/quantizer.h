// Post-training quantization of a float TFLite model (`edgepose quantize`): one call from a
// loaded model and options to the quantized model plus what was done and measured.
//
// Modes: float16 (FLOAT16 weights + DEQUANTIZE, as MediaPipe ships them), int8 (full integer,
// float model I/O through QUANTIZE / DEQUANTIZE), int8-io / uint8-io (integer-only I/O, no float
// tensor left), int16x8 (int16 activations, int8 weights, int64 bias). The model always starts
// from plain FLOAT32 weights (FLOAT16 DEQUANTIZE and DENSIFY folded first). Integer modes
// calibrate on the given inputs (calibrator.h), collecting the weighted layers' input statistics
// in the same pass when the weight rounding uses them (layer_stats.h, passes/weight_rounding.h:
// GPTQ and bias correction by default; dynamic mode always rounds to nearest), rewrite the
// graph (passes/quantize_graph.h),
// record the output heads in a "edgepose.heads" metadata entry (JSON) and, on a few inputs,
// measure per-tensor SQNR against the float model (error_report.h).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/error_report.h"
#include "quant/heads.h"
#include "quant/passes/equalize_channels.h"
#include "quant/observers/range_observer.h"
#include "quant/passes/quantize_graph.h"
#include "quant/passes/split_heads.h"

namespace edgepose::quant {

enum class QuantMode { kFloat16, kDynamic, kInt8, kInt8Io, kUInt8Io, kInt16x8 };
Result<QuantMode> ParseQuantMode(const std::string& name);  // float16|dynamic|int8|int8-io|uint8-io|int16x8
const char* QuantModeName(QuantMode mode);
// "auto" (unset), "on", "off".
// "auto" (unset), "on", "off" for an option named `option` (in the error message).
Result<std::optional<bool>> ParseOnOffAuto(const std::string& option, const std::string& value);

struct QuantizeOptions {
  QuantMode mode = QuantMode::kInt8;
  std::vector<std::string> calib_paths;
  int num_calib = 100;
  // Unset: DefaultCalibrationMethod(mode). observer.method / observer.bits are filled from this
  // and the mode; observer.percentile / ema_decay are used as given.
  std::optional<CalibrationMethod> calibration_method;
  ObserverOptions observer;
  bool per_channel = true;
  // Integer modes: passes/equalize_channels.h before calibration. Unset: on for the 8-bit modes
  // (with the narrowed ranges: landmark int8 2.8 -> 2.2 px, detector min IoU 0.87 -> 0.93), off for
  // int16x8 (already at 0.41 px; equalizing moves nothing it needs).
  std::optional<bool> equalize_channels;
  bool narrow_ranges = true;       // integer modes: passes/saturation_ranges.h after calibration
  std::optional<Range> input_range;  // required when calibrating from images
  std::set<std::string> keep_float;
  std::set<std::string> int16;         // int8 modes: ops / tensors run 16x8 (QuantizeGraphOptions::int16)
  std::set<std::string> int16_branch;  // int8 modes: ops reaching only these outputs run 16x8
  std::map<std::string, HeadTreatment> heads;  // output name (or split part name) -> treatment
  std::vector<SplitSpec> splits;               // packed outputs split into separately quantized parts
  uint32_t seed = 0;
  int report_samples = 2;  // SQNR report inputs (the first ones of the calibration set); 0 = none
  int num_threads = 1;
  // Calibrated modes (dynamic always rounds to nearest without correction):
  WeightRounding weight_rounding = WeightRounding::kGptq;
  // Unset: on for int16x8 only. Measured (docs/quantization.md): it helps every int16x8 and
  // weight-only case but lowers pose_detection's int8 top-box IoU (mean 0.91 -> 0.86).
  std::optional<bool> bias_correction;
  std::function<void(const char* stage, int done, int total)> progress;
};

struct QuantizeOutcome {
  std::optional<Model> model;
  QuantizeGraphSummary summary;
  int calibration_inputs = 0;
  int skipped_inputs = 0;
  EqualizationSummary equalization;
  double load_seconds = 0.0;          // reading and preprocessing the calibration inputs
  double equalize_seconds = 0.0;      // channel equalization (its own float runs included)
  double calibration_seconds = 0.0;   // float runs, layer statistics included
  double layer_stats_seconds = 0.0;   // collecting layer statistics during calibration
  double rewrite_seconds = 0.0;       // weight rounding and graph rewrite
  double report_seconds = 0.0;        // the SQNR report's float and quantized runs
  double total_seconds = 0.0;
  std::optional<ErrorReport> report;
  std::string report_error;  // why the SQNR report could not be made (the model is still written)
  nlohmann::json heads;      // what went into the metadata
};

// percentile for the 8-bit modes (on the accuracy protocol it beats minmax, ema and mse on both the
// landmark model and the detector: docs/quantization.md), minmax for int16x8 (65534 steps: no
// reason to clip).
CalibrationMethod DefaultCalibrationMethod(QuantMode mode);
CalibrationMethod CalibrationMethodFor(const QuantizeOptions& options);

Result<QuantizeOutcome> QuantizeModel(const Model& float_model, const QuantizeOptions& options);

nlohmann::json OutcomeToJson(const QuantizeOutcome& outcome, const QuantizeOptions& options);

// "--head NAME=int8|int16|float" and "--split NAME=PERIOD/..." as QuantizeOptions entries.
Status AddHeadOption(const std::string& text, QuantizeOptions* options);
Status AddSplitOption(const std::string& text, QuantizeOptions* options);

}  // namespace edgepose::quant
