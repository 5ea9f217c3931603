// Google's LiteRT as the test oracle: runs a .tflite model through tools/litert/run_model.mjs
// (LiteRT's wasm build in Node, CPU, the `compat` variant unless told otherwise) and returns
// its outputs. Tests compare EdgePose against these outputs; benchmarks use its latency as the
// baseline. Needs `node` on PATH and `bash scripts/setup_litert.sh` (scripts/test.sh runs it).
#pragma once

#include <string>
#include <vector>

#include "core/npy.h"
#include "edgepose/status.h"

namespace edgepose::testing {

struct LiteRtOptions {
  std::string variant = "compat";  // compat | simd; pin one when comparing bits (see run_model.mjs)
};

// True when node is on PATH and tools/litert/node_modules holds @litertjs/core.
bool LiteRtAvailable();

// Outputs in model order. Errors carry run_model.mjs's exit code and stderr: exit 2 means LiteRT
// cannot load the model, exit 3 that it logged an ERROR (e.g. an unresolved op).
Result<std::vector<NpyArray>> RunLiteRt(const std::string& model_path, const std::vector<NpyArray>& inputs,
                                        const LiteRtOptions& options = {});

// Many inputs through one model load (node startup + model compile cost ~1-3 s per call):
// returns one output list per case, in order.
Result<std::vector<std::vector<NpyArray>>> RunLiteRtBatch(const std::string& model_path,
                                                          const std::vector<std::vector<NpyArray>>& cases,
                                                          const LiteRtOptions& options = {});

// Median of `runs` invokes after one warm-up, on synthetic inputs (see --synthetic-inputs).
Result<double> LiteRtMedianLatencyMs(const std::string& model_path, int runs, const LiteRtOptions& options = {});

}  // namespace edgepose::testing

// Skips the current test when the LiteRT oracle is not installed.
#define EP_REQUIRE_LITERT()                                                                       \
  do {                                                                                            \
    if (!::edgepose::testing::LiteRtAvailable())                                                  \
      GTEST_SKIP() << "LiteRT oracle unavailable: needs node on PATH and `bash scripts/setup_litert.sh`"; \
  } while (0)
