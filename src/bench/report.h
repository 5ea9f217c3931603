// One printer for `edgepose bench` results: the same fields as a text table, Markdown or JSON.
// Several models become one side-by-side table (speed-up relative to the first row); with several
// thread counts each row also carries its speed-up over the same model at the first count; with a
// LiteRT baseline each row carries LiteRT's median and our speed-up over it. The environment (commit,
// compiler, CPU, threads, backend) heads every report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/peak.h"
#include "bench/runner.h"

namespace edgepose::bench {

enum class ReportFormat { kTable, kMarkdown, kJson };

struct Environment {
  std::string commit, compiler, cpu;
  int hardware_threads = 0;
};
Environment DetectEnvironment();

struct BenchReport {
  Environment environment;
  std::vector<ModelBenchResult> models;
  std::optional<PeakResult> peak;
};

std::string FormatReport(const BenchReport& report, ReportFormat format);

}  // namespace edgepose::bench
