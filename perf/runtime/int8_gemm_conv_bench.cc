// Int8 regular convolutions of the pose models: the VNNI GEMM (xnnpack/int8_gemm_conv.h) against
// XNNPACK's qc8 operator it replaces, on the same arrays, one thread. Both are called directly (the
// Interpreter always picks the GEMM where it applies). Counters: GMAC/s. Build with
// -DEDGEPOSE_BUILD_PERF=ON; e.g. --benchmark_filter='BM_Int8GemmConv/64/24/144'.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "runtime/kernels/xnnpack/int8_gemm_conv.h"
#include "runtime/kernels/xnnpack/xnn_adapter.h"

namespace edgepose {
namespace {

using kernels::xnnpack::Int8GemmConv;
using kernels::xnnpack::Int8ConvQuant;
using kernels::xnnpack::Int8GemmConvShape;

// args: input size (square), in channels, out channels, kernel, stride, implementation (0 XNNPACK qc8,
// 1 GEMM). Padding as the models have it: SAME at stride 1, the absorbed PAD (k / 2 each side) at 2.
void BM_Int8GemmConv(benchmark::State& state) {
  if (!kernels::xnnpack::Int8GemmConvAvailable()) return state.SkipWithError("no AVX512-VNNI on this CPU");
  Int8GemmConvShape s;
  s.in_h = s.in_w = static_cast<int>(state.range(0));
  s.in_c = static_cast<int>(state.range(1));
  s.out_c = static_cast<int>(state.range(2));
  s.kernel_h = s.kernel_w = static_cast<int>(state.range(3));
  s.stride_h = s.stride_w = static_cast<int>(state.range(4));
  s.pad_top = s.pad_left = s.kernel_h / 2;
  s.out_h = s.out_w = (s.in_h + 2 * s.pad_top - s.kernel_h) / s.stride_h + 1;
  const bool own = state.range(5) != 0;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-127, 127);
  const size_t taps = static_cast<size_t>(s.kernel_h * s.kernel_w * s.in_c);
  std::vector<int8_t> input(static_cast<size_t>(s.in_h * s.in_w * s.in_c) + kernels::xnnpack::kReadSlackBytes);
  std::vector<int8_t> filter(taps * static_cast<size_t>(s.out_c));
  for (int8_t& v : input) v = static_cast<int8_t>(byte(rng));
  for (int8_t& v : filter) v = static_cast<int8_t>(byte(rng));
  std::vector<float> scales(static_cast<size_t>(s.out_c), 0.004f);
  std::vector<int32_t> bias(static_cast<size_t>(s.out_c), 100);
  std::vector<int8_t> output(static_cast<size_t>(s.out_h * s.out_w * s.out_c));
  const Int8ConvQuant quant{0.02f, 0.05f, 3, -5, -5, 120};
  const double macs = static_cast<double>(s.out_h) * s.out_w * s.out_c * static_cast<double>(taps);
  if (own) {
    const Int8GemmConv conv(s, filter.data(), scales.data(), s.out_c, bias.data(), quant);
    for (auto _ : state) conv.Run(input.data(), output.data(), nullptr);
  } else {
    if (!kernels::xnnpack::Initialize()) return state.SkipWithError("XNNPACK initialization failed");
    kernels::xnnpack::ConvGeometry g;
    g.kernel_h = g.kernel_w = static_cast<uint32_t>(s.kernel_h);
    g.stride_h = g.stride_w = static_cast<uint32_t>(s.stride_h);
    g.pad_top = g.pad_left = static_cast<uint32_t>(s.pad_top);
    const int after = (s.out_h - 1) * s.stride_h + s.kernel_h - s.in_h - s.pad_top;
    g.pad_bottom = g.pad_right = static_cast<uint32_t>(std::max(after, 0));
    g.group_input_channels = static_cast<size_t>(s.in_c), g.group_output_channels = static_cast<size_t>(s.out_c);
    auto op = kernels::xnnpack::CreateConvQc8(g, {quant.input_zero_point, quant.input_scale}, scales.data(),
                                              filter.data(), bias.data(),
                                              {quant.output_zero_point, quant.output_scale}, quant.output_min,
                                              quant.output_max);
    if (!op) return state.SkipWithError(op.error().message.c_str());
    if (!kernels::xnnpack::SetupConv(*op, 1, static_cast<size_t>(s.in_h), static_cast<size_t>(s.in_w),
                                     input.data(), output.data(), nullptr))
      return state.SkipWithError("setup failed");
    for (auto _ : state)
      if (!op->Run(nullptr)) return state.SkipWithError("run failed");
  }
  state.counters["GMAC/s"] = benchmark::Counter(macs * static_cast<double>(state.iterations()) * 1e-9,
                                                benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Int8GemmConv)
    ->ArgNames({"hw", "in", "out", "k", "s", "own"})
    ->ArgsProduct({{64}, {24}, {144}, {1}, {1}, {0, 1}})     // landmark_full 1x1 expansion
    ->ArgsProduct({{64}, {144}, {24}, {1}, {1}, {0, 1}})     // its projection
    ->ArgsProduct({{128}, {16}, {64}, {1}, {1}, {0, 1}})     // 128x128 expansion
    ->ArgsProduct({{8}, {144}, {864}, {1}, {1}, {0, 1}})     // 8x8 expansion
    ->ArgsProduct({{7}, {1152}, {192}, {1}, {1}, {0, 1}})    // detector 7x7 projection
    ->ArgsProduct({{256}, {8}, {1}, {3}, {1}, {0, 1}})       // segmentation head 3x3 8 -> 1
    ->ArgsProduct({{258}, {3}, {24}, {3}, {2}, {0, 1}})      // first conv, 3 channels, stride 2
    ->ArgsProduct({{64}, {256}, {256}, {1}, {1}, {0, 1}})    // large 1x1 (the --peak shape)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgepose
