#include "quant/error_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "edgepose/interpreter.h"

namespace edgepose::quant {

double Sqnr(double signal_energy, double noise_energy) {
  if (noise_energy <= 0.0) return 200.0;
  if (signal_energy <= 0.0) return -200.0;
  return std::min(200.0, 10.0 * std::log10(signal_energy / noise_energy));
}

namespace {

struct Accumulator {
  double signal = 0.0, noise = 0.0, max_abs = 0.0;
  std::string dtype;
  float scale = 0.f;
};

// Adds one tensor's comparison to `acc`: its real values (scale * (q - zero), or the floats
// themselves) against the float model's `reference`, clamped to [lo, hi]. Lane-wise partial
// sums, so the loop vectorizes without reassociating (the report reads every activation of
// every report input: 16.6 M values each for pose_landmark_full).
template <class T>
void Compare(const T* values, double scale, double zero, const float* reference, size_t count, double lo, double hi,
             Accumulator& acc) {
  constexpr size_t kLanes = 8;
  double signal[kLanes] = {}, noise[kLanes] = {}, max_abs[kLanes] = {};
  const auto add = [&](size_t lane, size_t i) {
    const double x = std::clamp(static_cast<double>(reference[i]), lo, hi);
    const double err = scale * (static_cast<double>(values[i]) - zero) - x;
    signal[lane] += x * x;
    noise[lane] += err * err;
    const double magnitude = std::fabs(err);
    max_abs[lane] = magnitude > max_abs[lane] ? magnitude : max_abs[lane];
  };
  size_t i = 0;
  for (; i + kLanes <= count; i += kLanes)
    for (size_t lane = 0; lane < kLanes; ++lane) add(lane, i + lane);
  for (; i < count; ++i) add(0, i);
  for (size_t lane = 0; lane < kLanes; ++lane) {
    acc.signal += signal[lane];
    acc.noise += noise[lane];
    acc.max_abs = std::max(acc.max_abs, max_abs[lane]);
  }
}

bool Comparable(const Tensor& tensor) {
  if (tensor.is_constant || tensor.data == nullptr) return false;
  if (tensor.type == DType::kFloat32) return true;
  const bool integer = tensor.type == DType::kInt8 || tensor.type == DType::kUInt8 || tensor.type == DType::kInt16;
  return integer && !tensor.quant.empty() && !tensor.quant.per_channel();
}

Status FillInput(Tensor& input, const std::vector<float>& data) {
  if (static_cast<int64_t>(data.size()) != input.num_elements())
    return MakeError("input size mismatch for tensor \"" + input.name + "\"");
  if (input.type == DType::kFloat32) {
    std::memcpy(input.data, data.data(), data.size() * sizeof(float));
    return Ok();
  }
  const double scale = input.quant.empty() ? 1.0 : input.quant.scale[0];
  const double zero = input.quant.empty() ? 0.0 : static_cast<double>(input.quant.zero_point[0]);
  for (size_t i = 0; i < data.size(); ++i) {
    const double q = std::round(data[i] / scale) + zero;
    switch (input.type) {
      case DType::kInt8: input.data_as<int8_t>()[i] = static_cast<int8_t>(std::clamp(q, -128.0, 127.0)); break;
      case DType::kUInt8: input.data_as<uint8_t>()[i] = static_cast<uint8_t>(std::clamp(q, 0.0, 255.0)); break;
      case DType::kInt16: input.data_as<int16_t>()[i] = static_cast<int16_t>(std::clamp(q, -32768.0, 32767.0)); break;
      default: return MakeError("input \"" + input.name + "\" has an unsupported type");
    }
  }
  return Ok();
}

}  // namespace

Result<ErrorReport> MeasureQuantizationError(const Model& float_model, const Model& quantized_model,
                                             const std::vector<CalibrationSample>& samples,
                                             const std::map<std::string, Range>& narrowed) {
  std::map<std::string, std::vector<float>> reference;
  InterpreterOptions float_options;
  float_options.tensor_observer = [&](int, const Tensor& tensor) {
    if (tensor.type != DType::kFloat32 || tensor.is_constant || tensor.data == nullptr) return;
    reference[tensor.name].assign(tensor.data_as<float>(), tensor.data_as<float>() + tensor.bytes / sizeof(float));
  };
  std::map<std::string, Accumulator> stats;
  InterpreterOptions quant_options;
  quant_options.tensor_observer = [&](int, const Tensor& tensor) {
    if (!Comparable(tensor)) return;
    const auto it = reference.find(tensor.name);
    if (it == reference.end() || static_cast<int64_t>(it->second.size()) != tensor.num_elements()) return;
    Accumulator& acc = stats[tensor.name];
    acc.dtype = DTypeName(tensor.type);
    acc.scale = tensor.quant.empty() ? 0.f : tensor.quant.scale[0];
    const auto clip = narrowed.find(tensor.name);
    const double lo = clip == narrowed.end() ? -HUGE_VAL : clip->second.min;
    const double hi = clip == narrowed.end() ? HUGE_VAL : clip->second.max;
    const double scale = tensor.quant.empty() ? 1.0 : tensor.quant.scale[0];
    const double zero = tensor.quant.empty() || tensor.quant.zero_point.empty() ? 0.0 : tensor.quant.zero_point[0];
    const float* reference_values = it->second.data();
    const size_t count = it->second.size();
    switch (tensor.type) {
      case DType::kFloat32: Compare(tensor.data_as<float>(), 1.0, 0.0, reference_values, count, lo, hi, acc); break;
      case DType::kInt8: Compare(tensor.data_as<int8_t>(), scale, zero, reference_values, count, lo, hi, acc); break;
      case DType::kUInt8: Compare(tensor.data_as<uint8_t>(), scale, zero, reference_values, count, lo, hi, acc); break;
      case DType::kInt16: Compare(tensor.data_as<int16_t>(), scale, zero, reference_values, count, lo, hi, acc); break;
      default: break;
    }
  };
  EP_ASSIGN_OR_RETURN(auto float_interpreter, Interpreter::Create(float_model, float_options));
  EP_ASSIGN_OR_RETURN(auto quant_interpreter, Interpreter::Create(quantized_model, quant_options));
  if (float_interpreter->input_count() != 1 || quant_interpreter->input_count() != 1)
    return MakeError("error report supports single-input models");
  std::set<std::string> output_names;
  for (size_t o = 0; o < quant_interpreter->output_count(); ++o) output_names.insert(quant_interpreter->output(o).name);
  ErrorReport report;
  for (const auto& sample : samples) {  // `reference` keeps its buffers: every run rewrites each tensor
    EP_RETURN_IF_ERROR(FillInput(float_interpreter->input(0), sample.data));
    EP_RETURN_IF_ERROR(WithContext(float_interpreter->Invoke(), sample.source));
    EP_RETURN_IF_ERROR(FillInput(quant_interpreter->input(0), sample.data));
    EP_RETURN_IF_ERROR(WithContext(quant_interpreter->Invoke(), sample.source));
    ++report.inputs;
  }
  for (const auto& [name, acc] : stats) {
    if (acc.dtype == std::string(DTypeName(DType::kFloat32)) && !output_names.count(name)) continue;
    TensorError error{name,       acc.dtype, acc.scale, Sqnr(acc.signal, acc.noise), acc.max_abs,
                      output_names.count(name) > 0, narrowed.count(name) > 0};
    report.tensors.push_back(error);
  }
  std::sort(report.tensors.begin(), report.tensors.end(),
            [](const TensorError& a, const TensorError& b) { return a.sqnr_db < b.sqnr_db; });
  for (size_t o = 0; o < quant_interpreter->output_count(); ++o) {
    const std::string& name = quant_interpreter->output(o).name;
    auto it = std::find_if(report.tensors.begin(), report.tensors.end(), [&](auto& t) { return t.name == name; });
    if (it != report.tensors.end()) report.outputs.push_back(*it);
  }
  return report;
}

std::string FormatErrorTable(const ErrorReport& report, size_t max_rows) {
  std::string text;
  char line[512];
  std::snprintf(line, sizeof(line), "%-9s  %-7s  %-12s  %-12s  %s\n", "SQNR dB", "dtype", "step", "max |err|", "tensor");
  text += line;
  auto row = [&](const TensorError& t) {
    std::snprintf(line, sizeof(line), "%9.2f  %-7s  %-12.6g  %-12.6g  %s%s%s\n", t.sqnr_db, t.dtype.c_str(), t.scale,
                  t.max_abs_error, t.name.c_str(), t.is_output ? "  [output]" : "",
                  t.narrowed ? "  [fitted: its readers saturate outside]" : "");
    text += line;
  };
  text += "-- model outputs --\n";
  for (const auto& t : report.outputs) row(t);
  text += "-- activations, worst first --\n";
  for (size_t i = 0; i < report.tensors.size() && i < max_rows; ++i) row(report.tensors[i]);
  return text;
}

}  // namespace edgepose::quant
