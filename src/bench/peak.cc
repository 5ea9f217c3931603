#include "bench/peak.h"

#include <chrono>
#include <vector>

#include "runtime/tensor_io.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::bench {

Result<PeakResult> MeasurePeakConv(const PeakOptions& options) {
  const int c = options.channels, s = options.size;
  if (c < 1 || s < 1 || options.runs < 1) return MakeError("peak conv: size, channels and runs must be positive");
  testing::OneOpModel builder(tfl::BuiltinOperator_CONV_2D, options.type == DType::kInt8 ? 3 : 1);
  const size_t weights = static_cast<size_t>(c) * c;
  if (options.type == DType::kFloat32) {
    builder.AddInput(DType::kFloat32, {1, s, s, c});
    std::vector<float> filter(weights);
    for (size_t i = 0; i < weights; ++i) filter[i] = static_cast<float>((i * 37 % 101) - 50) * 1e-3f;
    builder.AddConstant(DType::kFloat32, {c, 1, 1, c}, filter);
    builder.AddConstant(DType::kFloat32, {c}, std::vector<float>(static_cast<size_t>(c), 0.1f));
    builder.AddOutput(DType::kFloat32);
  } else if (options.type == DType::kInt8) {
    builder.AddInput(DType::kInt8, {1, s, s, c}, QuantParams{{0.02f}, {0}, 0});
    std::vector<int8_t> filter(weights);
    for (size_t i = 0; i < weights; ++i) filter[i] = static_cast<int8_t>(i * 37 % 255 - 127);
    std::vector<float> scales(static_cast<size_t>(c), 0.005f), bias_scales(static_cast<size_t>(c), 0.0001f);
    builder.AddConstant(DType::kInt8, {c, 1, 1, c}, filter,
                        QuantParams{scales, std::vector<int64_t>(scales.size(), 0), 0});
    builder.AddConstant(DType::kInt32, {c}, std::vector<int32_t>(static_cast<size_t>(c), 100),
                        QuantParams{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
    builder.AddOutput(DType::kInt8, {}, QuantParams{{0.5f}, {0}, 0});
  } else {
    return MakeError(std::string("peak conv: dtype ") + DTypeName(options.type) + " is not FLOAT32 or INT8");
  }
  tfl::Conv2DOptionsT conv;
  conv.padding = tfl::Padding_VALID;
  conv.stride_h = conv.stride_w = 1;
  builder.options().Set(std::move(conv));
  EP_ASSIGN_OR_RETURN(Model model, builder.Build());
  InterpreterOptions interpreter_options;
  interpreter_options.backend = options.backend;
  interpreter_options.num_threads = options.threads;
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, interpreter_options));
  runtime::FillRandom(interpreter->input(0), 7);
  for (int i = 0; i < 3; ++i) EP_RETURN_IF_ERROR(interpreter->Invoke());
  std::vector<double> samples, cpu_samples;
  for (int i = 0; i < options.runs; ++i) {
    const double cpu_start = ProcessCpuMs();
    const auto start = std::chrono::steady_clock::now();
    EP_RETURN_IF_ERROR(interpreter->Invoke());
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    cpu_samples.push_back(ProcessCpuMs() - cpu_start);
  }
  PeakResult result;
  result.options = options;
  result.macs = static_cast<int64_t>(s) * s * c * c;
  result.latency = Summarize(std::move(samples));
  result.gflops = 2.0 * static_cast<double>(result.macs) / (result.latency.median * 1e6);
  result.cpu = Summarize(std::move(cpu_samples));
  if (result.cpu.median > 0) result.cpu_gflops = 2.0 * static_cast<double>(result.macs) / (result.cpu.median * 1e6);
  return result;
}

}  // namespace edgepose::bench
