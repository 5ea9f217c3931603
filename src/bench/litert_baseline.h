// Google's LiteRT as the speed baseline, run in the same session: node runs
// tools/litert/run_model.mjs --model M --synthetic-inputs --runs N --variant V, which prints one JSON
// line with median_ms, min_ms and times_ms. LiteRT runs in Node's WebAssembly (single-threaded
// builds); `variant` pins the wasm build: "simd" (relaxed SIMD, needs Node's flag, which the script
// sets) or "compat" (SIMD128 only).
#pragma once

#include <string>
#include <vector>

#include "edgepose/status.h"

namespace edgepose::bench {

struct BaselineResult {
  std::string runtime = "litert";
  std::string variant;
  int runs = 0;
  double median_ms = 0, min_ms = 0;
  std::vector<double> times_ms;
  std::vector<double> round_medians_ms;  // one per round when pooled (plan.h)
};

struct BaselineOptions {
  std::string variant = "simd";
  int runs = 30;
  std::string node = "node";
  std::string script;  // default: <source dir>/tools/litert/run_model.mjs
};

Result<BaselineResult> RunLiteRtBaseline(const std::string& model_path, const BaselineOptions& options);

// Parses the script's JSON line (exposed for tests).
Result<BaselineResult> ParseLiteRtJson(const std::string& line);

}  // namespace edgepose::bench
