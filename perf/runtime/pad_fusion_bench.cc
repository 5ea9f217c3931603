// The PAD -> convolution fusion (runtime/kernels/xnnpack/pad_fusion.h) on the real pose models:
// each model as shipped (fused: every PAD absorbed) and with every PAD's options table cleared,
// which hides the PADs from the fusion (it recognises PAD by PadOptions), so the same build runs
// the unfused graph. Google Benchmark's CPU time is the number to read on a shared machine.
// Run from the repository root (models/ must exist). Build with -DEDGEPOSE_BUILD_PERF=ON.
#include <benchmark/benchmark.h>

#include <string>

#include "edgepose/interpreter.h"
#include "edgepose/model.h"
#include "runtime/tensor_io.h"

namespace edgepose {
namespace {

const char* const kModels[] = {"models/pose_landmark_full.tflite", "models/pose_detection.tflite"};

// args: model index, fused (0/1)
void BM_PadFusion(benchmark::State& state) {
  const std::string path = kModels[state.range(0)];
  auto model = Model::Load(path);
  if (!model) return state.SkipWithError(model.error().message.c_str());
  if (state.range(1) == 0)
    for (auto& op : model->mutable_ir().subgraphs[0]->operators)
      if (op->builtin_options.type == tfl::BuiltinOptions_PadOptions) op->builtin_options.Reset();
  InterpreterOptions options;
  options.backend = Backend::kXnnpack;
  auto interpreter = Interpreter::Create(*model, options);
  if (!interpreter) return state.SkipWithError(interpreter.error().message.c_str());
  for (size_t i = 0; i < (*interpreter)->input_count(); ++i) runtime::FillRandom((*interpreter)->input(i), 1);
  for (auto _ : state)
    if (!(*interpreter)->Invoke()) return state.SkipWithError("invoke failed");
  state.SetLabel(path + (state.range(1) ? " fused" : " unfused"));
}

BENCHMARK(BM_PadFusion)
    ->ArgNames({"model", "fused"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgepose
