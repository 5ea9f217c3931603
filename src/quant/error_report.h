// Quantization error report: SQNR (signal-to-quantization-noise ratio, dB) of every quantized
// activation tensor and every model output, quantized model vs float model on the same inputs:
// SQNR = 10 log10(sum x^2 / sum (x - dequant(q))^2) summed over the report inputs. Tensors are
// matched by name (the rewrite keeps activation names). Worst first.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/calibration_data.h"
#include "quant/observers/range_observer.h"

namespace edgepose::quant {

struct TensorError {
  std::string name;
  std::string dtype;  // of the quantized tensor
  float scale = 0.f;  // per-tensor scale (the output step)
  double sqnr_db = 0.0;
  double max_abs_error = 0.0;
  bool is_output = false;
  bool narrowed = false;  // compared within its narrowed range (passes/saturation_ranges.h)
};

struct ErrorReport {
  std::vector<TensorError> tensors;  // worst SQNR first (outputs included)
  std::vector<TensorError> outputs;  // model order
  int inputs = 0;
};

double Sqnr(double signal_energy, double noise_energy);  // dB; +inf-free: capped at 200 dB

// `narrowed`: tensors (by name) quantized over a range fitted to what their readers can tell apart
// (passes/saturation_ranges.h; every reader saturates outside it); their float reference is
// clamped to that range first, so the report shows the error that reaches the model, not the
// intended clipping.
Result<ErrorReport> MeasureQuantizationError(const Model& float_model, const Model& quantized_model,
                                             const std::vector<CalibrationSample>& samples,
                                             const std::map<std::string, Range>& narrowed = {});

// A readable table (one line per tensor, worst first) for stdout.
std::string FormatErrorTable(const ErrorReport& report, size_t max_rows);

}  // namespace edgepose::quant
