// Int8 and float32 depthwise convolutions of the pose models: the own kernels (xnnpack/planar_depthwise.h)
// against XNNPACK's qc8 and f32 operators they replace, on the same arrays, one thread. Both are called
// directly (not through the Interpreter, which always picks the own kernel where it applies).
// Counters: GMAC/s. Build with -DEDGEPOSE_BUILD_PERF=ON; e.g. --benchmark_filter='BM_Int8Depthwise/.*/k:5'.
// Float arrays above L2's 2 MB stream from memory at every call here, where in a model the previous
// node just wrote them; FloatDepthwiseApplies follows per-node --op-profile timings instead.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "runtime/kernels/xnnpack/planar_depthwise.h"
#include "runtime/kernels/xnnpack/xnn_adapter.h"

namespace edgepose {
namespace {

using kernels::xnnpack::FloatDepthwiseConv;
using kernels::xnnpack::Int8DepthwiseConv;
using kernels::xnnpack::Int8ConvQuant;
using kernels::xnnpack::PlanarDepthwiseShape;

// args: input size (square), channels, kernel, stride, implementation (0 XNNPACK, 1 own). Padding
// as the models have it: SAME at stride 1, the absorbed symmetric PAD (k / 2 each side) at stride 2.
PlanarDepthwiseShape BenchShape(const benchmark::State& state) {
  PlanarDepthwiseShape s;
  s.in_h = s.in_w = static_cast<int>(state.range(0));
  s.channels = static_cast<int>(state.range(1));
  s.kernel_h = s.kernel_w = static_cast<int>(state.range(2));
  s.stride_h = s.stride_w = static_cast<int>(state.range(3));
  s.pad_top = s.pad_left = s.kernel_h / 2;
  s.out_h = s.out_w = (s.in_h + 2 * s.pad_top - s.kernel_h) / s.stride_h + 1;
  return s;
}

// XNNPACK's depthwise geometry for that shape.
kernels::xnnpack::ConvGeometry BenchGeometry(const PlanarDepthwiseShape& s) {
  kernels::xnnpack::ConvGeometry g;
  g.pad_top = g.pad_left = g.pad_bottom = g.pad_right = static_cast<uint32_t>(s.pad_top);
  g.kernel_h = g.kernel_w = static_cast<uint32_t>(s.kernel_h);
  g.stride_h = g.stride_w = static_cast<uint32_t>(s.stride_h);
  g.groups = static_cast<uint32_t>(s.channels);
  g.depthwise_layout = true;
  return g;
}

void SetMacCounter(benchmark::State& state, const PlanarDepthwiseShape& s) {
  const double macs = static_cast<double>(s.out_h) * s.out_w * s.channels * s.kernel_h * s.kernel_w;
  state.counters["GMAC/s"] = benchmark::Counter(macs * state.iterations() * 1e-9, benchmark::Counter::kIsRate);
}

// Runs the XNNPACK operator `op` (created for BenchShape) on input and output until the state stops.
template <class T>
void RunXnnpack(benchmark::State& state, Result<kernels::xnnpack::Operator> op,
                const PlanarDepthwiseShape& s, const T* input, T* output) {
  if (!op) return state.SkipWithError(op.error().message.c_str());
  if (!kernels::xnnpack::SetupConv(*op, 1, static_cast<size_t>(s.in_h), static_cast<size_t>(s.in_w), input,
                                   output, nullptr))
    return state.SkipWithError("setup failed");
  for (auto _ : state)
    if (!op->Run(nullptr)) return state.SkipWithError("run failed");
}

// Input (with XNNPACK's read slack) and filter for the shape, values from `draw`.
template <class T, class Draw>
void FillArrays(const PlanarDepthwiseShape& s, Draw draw, std::vector<T>* input, std::vector<T>* filter) {
  input->resize(static_cast<size_t>(s.in_h) * s.in_w * s.channels + kernels::xnnpack::kReadSlackBytes);
  filter->resize(static_cast<size_t>(s.kernel_h) * s.kernel_w * s.channels);
  for (T& v : *input) v = static_cast<T>(draw());
  for (T& v : *filter) v = static_cast<T>(draw());
}

void BM_Int8Depthwise(benchmark::State& state) {
  const PlanarDepthwiseShape s = BenchShape(state);
  const bool own = state.range(4) != 0;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-127, 127);
  std::vector<int8_t> input, filter;
  FillArrays(s, [&] { return byte(rng); }, &input, &filter);
  std::vector<float> scales(static_cast<size_t>(s.channels), 0.004f);
  std::vector<int32_t> bias(static_cast<size_t>(s.channels), 100);
  std::vector<int8_t> output(static_cast<size_t>(s.out_h) * s.out_w * s.channels);
  Int8ConvQuant quant{0.02f, 0.05f, 3, -5, -5, 120};
  if (own) {
    Int8DepthwiseConv conv(s, filter.data(), scales.data(), s.channels, bias.data(), quant);
    for (auto _ : state) conv.Run(input.data(), output.data(), nullptr);
  } else {
    if (!kernels::xnnpack::Initialize()) return state.SkipWithError("xnn_initialize failed");
    RunXnnpack(state,
               kernels::xnnpack::CreateConvQc8(BenchGeometry(s), {quant.input_zero_point, quant.input_scale},
                                               scales.data(), filter.data(), bias.data(),
                                               {quant.output_zero_point, quant.output_scale}, quant.output_min,
                                               quant.output_max),
               s, input.data(), output.data());
  }
  SetMacCounter(state, s);
}

// Float32, RELU6 as most pose layers have it.
void BM_FloatDepthwise(benchmark::State& state) {
  const PlanarDepthwiseShape s = BenchShape(state);
  const bool own = state.range(4) != 0;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> value(-1.f, 1.f);
  std::vector<float> input, filter, bias(static_cast<size_t>(s.channels));
  FillArrays(s, [&] { return value(rng); }, &input, &filter);
  for (float& v : bias) v = value(rng);
  std::vector<float> output(static_cast<size_t>(s.out_h) * s.out_w * s.channels);
  if (own) {
    FloatDepthwiseConv conv(s, filter.data(), bias.data(), 0.f, 6.f);
    for (auto _ : state) conv.Run(input.data(), output.data(), nullptr);
  } else {
    if (!kernels::xnnpack::Initialize()) return state.SkipWithError("xnn_initialize failed");
    RunXnnpack(state, kernels::xnnpack::CreateConvF32(BenchGeometry(s), filter.data(), bias.data(), 0.f, 6.f), s,
               input.data(), output.data());
  }
  SetMacCounter(state, s);
}

// Shapes from pose_landmark_full and pose_detection (input size, channels, kernel, stride).
void PoseShapes(benchmark::internal::Benchmark* b) {
  const int shapes[][4] = {{256, 8, 3, 1},  {128, 24, 3, 1}, {128, 64, 3, 2}, {64, 144, 3, 1}, {64, 144, 5, 2},
                           {32, 192, 5, 1}, {32, 192, 3, 2}, {16, 528, 5, 1}, {8, 864, 5, 1},  {8, 864, 3, 1},
                           {4, 288, 3, 1},  {112, 24, 3, 1}, {56, 24, 3, 2},  {28, 40, 3, 1},  {14, 672, 5, 1},
                           {7, 1152, 5, 1}, {8, 288, 3, 2},  {4, 288, 3, 2},  {2, 288, 3, 1},  {112, 64, 3, 2},
                           {56, 144, 3, 1}, {14, 480, 3, 1}, {28, 96, 3, 1}};
  for (const auto& shape : shapes)
    for (int own = 0; own < 2; ++own) b->Args({shape[0], shape[1], shape[2], shape[3], own});
}

BENCHMARK(BM_Int8Depthwise)->ArgNames({"hw", "c", "k", "s", "own"})->Apply(PoseShapes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FloatDepthwise)->ArgNames({"hw", "c", "k", "s", "own"})->Apply(PoseShapes)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace edgepose
