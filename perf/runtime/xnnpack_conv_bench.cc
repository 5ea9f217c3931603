// Micro-benchmarks of single convolutions through the Interpreter (so the kernel choice, XNNPACK
// setup and arena are the production ones), on shapes from pose_landmark_full: the 1x1 expansions
// and 3x3 depthwise layers that dominate its time, plus one large 1x1 conv as the peak reference.
// Counters: GFLOP/s (2 FLOP per MAC). Build with -DEDGEPOSE_BUILD_PERF=ON.
#include <benchmark/benchmark.h>

#include <vector>

#include "edgepose/interpreter.h"
#include "runtime/tensor_io.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose {
namespace {

// args: spatial size, in channels, out channels, kernel, depthwise (0/1), backend (0 ref, 1 xnnpack)
void BM_Conv(benchmark::State& state) {
  const int size = static_cast<int>(state.range(0)), in_c = static_cast<int>(state.range(1));
  const int out_c = static_cast<int>(state.range(2)), k = static_cast<int>(state.range(3));
  const bool depthwise = state.range(4) != 0;
  const Backend backend = state.range(5) ? Backend::kXnnpack : Backend::kReference;
  testing::OneOpModel builder(depthwise ? tfl::BuiltinOperator_DEPTHWISE_CONV_2D : tfl::BuiltinOperator_CONV_2D);
  builder.AddInput(DType::kFloat32, {1, size, size, in_c});
  const Shape filter_shape = depthwise ? Shape{1, k, k, out_c} : Shape{out_c, k, k, in_c};
  builder.AddConstant(DType::kFloat32, filter_shape, std::vector<float>(NumElements(filter_shape), 0.01f));
  builder.AddConstant(DType::kFloat32, {out_c}, std::vector<float>(static_cast<size_t>(out_c), 0.f));
  builder.AddOutput(DType::kFloat32);
  if (depthwise) {
    tfl::DepthwiseConv2DOptionsT options;
    options.padding = tfl::Padding_SAME;
    options.stride_h = options.stride_w = 1;
    builder.options().Set(std::move(options));
  } else {
    tfl::Conv2DOptionsT options;
    options.padding = tfl::Padding_SAME;
    options.stride_h = options.stride_w = 1;
    builder.options().Set(std::move(options));
  }
  auto model = builder.Build();
  if (!model) return state.SkipWithError(model.error().message.c_str());
  InterpreterOptions options;
  options.backend = backend;
  auto interpreter = Interpreter::Create(*model, options);
  if (!interpreter) return state.SkipWithError(interpreter.error().message.c_str());
  runtime::FillRandom((*interpreter)->input(0), 1);
  for (auto _ : state)
    if (!(*interpreter)->Invoke()) return state.SkipWithError("invoke failed");
  const double macs = static_cast<double>(size) * size * out_c * k * k * (depthwise ? 1 : in_c);
  state.counters["GFLOP/s"] = benchmark::Counter(2 * macs * state.iterations() * 1e-9, benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Conv)
    ->ArgNames({"hw", "in", "out", "k", "dw", "xnn"})
    ->Args({64, 256, 256, 1, 0, 1})   // peak reference
    ->Args({64, 24, 144, 1, 0, 1})    // landmark_full 1x1 expansion
    ->Args({32, 48, 288, 1, 0, 1})
    ->Args({64, 144, 144, 3, 1, 1})   // 3x3 depthwise
    ->Args({32, 288, 288, 3, 1, 1})
    ->Args({64, 24, 144, 1, 0, 0})    // same on the reference kernels
    ->Args({64, 144, 144, 3, 1, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgepose
