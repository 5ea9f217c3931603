// The reference point for model throughput: GFLOP/s (2 FLOP per multiply-accumulate) of one large
// 1x1 convolution, the friendliest shape a backend gets, run through the same Interpreter path.
#pragma once

#include "bench/stats.h"
#include "edgepose/interpreter.h"
#include "edgepose/status.h"

namespace edgepose::bench {

struct PeakOptions {
  Backend backend = Backend::kXnnpack;
  int threads = 1;
  DType type = DType::kFloat32;  // kFloat32 or kInt8 (per-channel weights)
  int size = 64;                 // input [1,size,size,channels]
  int channels = 256;            // in and out channels
  int runs = 30;
};

struct PeakResult {
  PeakOptions options;
  int64_t macs = 0;
  SampleStats latency;
  double gflops = 0;  // 2 * macs / median
  SampleStats cpu;     // process CPU time per run (stats.h ProcessCpuMs)
  double cpu_gflops = 0;
};

Result<PeakResult> MeasurePeakConv(const PeakOptions& options);

}  // namespace edgepose::bench
