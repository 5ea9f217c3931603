#include "quant/calibrator.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>

#include "edgepose/interpreter.h"

namespace edgepose::quant {

Result<CalibrationResult> Calibrate(const Model& float_model, const std::vector<CalibrationSample>& samples,
                                    const ObserverOptions& observer_options, int num_threads,
                                    const std::function<void(int, int)>& progress,
                                    LayerStatsCollector* layer_stats, const std::set<int>& unranged) {
  std::map<int, std::unique_ptr<RangeObserver>> observers;
  ObserverOptions tensor_observer_options = observer_options;
  tensor_observer_options.expected_batches = static_cast<int>(samples.size());
  std::string bad_tensor;  // first non-finite activation of the current input
  Status stats_status = Ok();
  std::chrono::steady_clock::duration stats_time{};
  size_t current_sample = 0;
  InterpreterOptions options;
  options.num_threads = num_threads;
  // Not the outputs that inherit their params (PAD, RESHAPE, ...) unless a layer reads them: a zero
  // PAD in front of a convolution then stays fused, as in an uncalibrated run.
  options.observes = [&](int index) {
    return unranged.count(index) == 0 || (layer_stats != nullptr && layer_stats->Reads(index));
  };
  options.tensor_observer = [&](int index, const Tensor& tensor) {
    if (tensor.type != DType::kFloat32 || tensor.is_constant || tensor.data == nullptr) return;
    const float* values = tensor.data_as<float>();
    const size_t count = tensor.bytes / sizeof(float);
    if (unranged.count(index) == 0) {
      auto& observer = observers[index];
      if (!observer) observer = MakeObserver(tensor_observer_options);
      if (!observer->ObserveIfFinite(values, count)) {
        if (bad_tensor.empty()) bad_tensor = "tensor " + std::to_string(index) + " \"" + tensor.name + "\"";
        return;
      }
    }
    if (layer_stats && stats_status && current_sample < kLayerStatsSamples) {
      const auto stats_start = std::chrono::steady_clock::now();
      stats_status = layer_stats->Observe(index, tensor);
      stats_time += std::chrono::steady_clock::now() - stats_start;
    }
  };
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(float_model, options));
  if (interpreter->input_count() != 1)
    return MakeError("calibration supports single-input models (model has " +
                     std::to_string(interpreter->input_count()) + " inputs)");
  Tensor& input = interpreter->input(0);
  if (input.type != DType::kFloat32) return MakeError("model input is not FLOAT32");
  CalibrationResult result;
  const auto start = std::chrono::steady_clock::now();
  for (size_t s = 0; s < samples.size(); ++s) {
    const auto& sample = samples[s];
    if (sample.data.size() * sizeof(float) != input.bytes)
      return MakeError(sample.source + ": input has " + std::to_string(sample.data.size()) +
                       " values, model input needs " + std::to_string(input.bytes / sizeof(float)));
    std::memcpy(input.data, sample.data.data(), input.bytes);
    current_sample = s;
    EP_RETURN_IF_ERROR(WithContext(interpreter->Invoke(), sample.source));
    if (!bad_tensor.empty())
      return MakeError(sample.source + ": " + bad_tensor + " has NaN or Inf during calibration");
    EP_RETURN_IF_ERROR(WithContext(stats_status, sample.source));
    ++result.inputs_run;
    if (progress) progress(static_cast<int>(s + 1), static_cast<int>(samples.size()));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.layer_stats_seconds = std::chrono::duration<double>(stats_time).count();
  for (const auto& [index, observer] : observers)
    if (observer->has_range()) result.ranges[index] = observer->range();
  return result;
}

}  // namespace edgepose::quant
