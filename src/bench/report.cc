#include "bench/report.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace edgepose::bench {
namespace {

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

// The summary fields, in order; every format prints exactly these (JSON adds the raw samples).
struct Column {
  const char* name;
  std::string (*value)(const ModelBenchResult& model, const ModelBenchResult& first);
};

const std::vector<Column>& Columns() {
  static const std::vector<Column> columns = {
      {"model", [](const auto& m, const auto&) { return m.name; }},
      {"size_MB", [](const auto& m, const auto&) { return Fixed(m.file_bytes / 1e6, 2); }},
      {"MMACs", [](const auto& m, const auto&) { return Fixed(m.macs / 1e6, 1); }},
      {"backend", [](const auto& m, const auto&) {
         return m.backend + " (" + std::to_string(m.xnnpack_nodes) + "/" + std::to_string(m.total_nodes) + ")";
       }},
      {"threads", [](const auto& m, const auto&) { return std::to_string(m.threads); }},
      {"init_ms", [](const auto& m, const auto&) { return Fixed(m.init_ms, 1); }},
      {"first_ms", [](const auto& m, const auto&) { return Fixed(m.first_ms, 2); }},
      {"runs", [](const auto& m, const auto&) { return std::to_string(m.latency.count); }},
      {"min_ms", [](const auto& m, const auto&) { return Fixed(m.latency.min, 3); }},
      {"median_ms", [](const auto& m, const auto&) { return Fixed(m.latency.median, 3); }},
      {"mean_ms", [](const auto& m, const auto&) { return Fixed(m.latency.mean, 3); }},
      {"p90_ms", [](const auto& m, const auto&) { return Fixed(m.latency.p90, 3); }},
      {"max_ms", [](const auto& m, const auto&) { return Fixed(m.latency.max, 3); }},
      {"std_ms", [](const auto& m, const auto&) { return Fixed(m.latency.std, 3); }},
      {"GMAC/s", [](const auto& m, const auto&) { return Fixed(m.gmacs, 1); }},
      {"GFLOP/s", [](const auto& m, const auto&) { return Fixed(2 * m.gmacs, 1); }},
      {"cpu_median_ms", [](const auto& m, const auto&) { return Fixed(m.cpu.median, 3); }},
      {"cpu_GFLOP/s", [](const auto& m, const auto&) {
         return m.cpu.median > 0 ? Fixed(2 * static_cast<double>(m.macs) / (m.cpu.median * 1e6), 1) : std::string("-");
       }},
      {"arena_KiB", [](const auto& m, const auto&) { return Fixed(m.arena_bytes / 1024.0, 0); }},
      {"weights_KiB", [](const auto& m, const auto&) { return Fixed(m.constant_bytes / 1024.0, 0); }},
      {"peak_RSS_MiB", [](const auto& m, const auto&) { return Fixed(m.peak_rss_kb / 1024.0, 1); }},
      {"vs_first", [](const auto& m, const auto& first) {
         return m.latency.median > 0 ? Fixed(first.latency.median / m.latency.median, 2) + "x" : std::string("-");
       }},
      {"vs_threads", [](const auto& m, const auto&) {
         return m.thread_speedup > 0 ? Fixed(m.thread_speedup, 2) + "x" : std::string("-");
       }},
      {"vs_threads_paired", [](const auto& m, const auto&) {
         return m.paired_thread_speedup > 0 ? Fixed(m.paired_thread_speedup, 2) + "x" : std::string("-");
       }},
      {"litert_ms", [](const auto& m, const auto&) {
         return m.baseline ? Fixed(m.baseline->median_ms, 3) + " (" + m.baseline->variant + ")" : std::string("-");
       }},
      {"vs_litert", [](const auto& m, const auto&) {
         return m.baseline && m.latency.median > 0 ? Fixed(m.baseline->median_ms / m.latency.median, 2) + "x"
                                                   : std::string("-");
       }},
      {"vs_litert_paired", [](const auto& m, const auto&) {
         return m.paired_litert_ratio > 0 ? Fixed(m.paired_litert_ratio, 2) + "x" : std::string("-");
       }},
  };
  return columns;
}

std::string EnvironmentLine(const Environment& env) {
  return "commit " + env.commit + ", " + env.compiler + ", " + env.cpu + ", " + std::to_string(env.hardware_threads) +
         " hardware threads";
}

std::string PeakLine(const PeakResult& peak) {
  const auto& o = peak.options;
  return "peak: 1x1 conv [1," + std::to_string(o.size) + "," + std::to_string(o.size) + "," +
         std::to_string(o.channels) + "]x" + std::to_string(o.channels) + " " + DTypeName(o.type) + " on " +
         BackendName(o.backend) + ", " + std::to_string(o.threads) + " thread(s): median " +
         Fixed(peak.latency.median, 3) + " ms, " + Fixed(peak.gflops, 1) + " GFLOP/s; CPU time median " +
         Fixed(peak.cpu.median, 3) + " ms, " + Fixed(peak.cpu_gflops, 1) + " GFLOP/s";
}

// Rows of cells (header first), rendered as aligned text or Markdown.
std::string RenderGrid(const std::vector<std::vector<std::string>>& rows, bool markdown) {
  if (rows.empty()) return "";
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  std::ostringstream out;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t i = 0; i < rows[r].size(); ++i) {
      const std::string& cell = rows[r][i];
      if (markdown) out << "| " << cell << " ";
      else out << (i ? "  " : "") << cell << std::string(widths[i] - cell.size(), ' ');
    }
    out << (markdown ? "|\n" : "\n");
    if (markdown && r == 0) {
      for (size_t i = 0; i < rows[r].size(); ++i) out << "|---";
      out << "|\n";
    }
  }
  return out.str();
}

std::string RenderText(const BenchReport& report, bool markdown) {
  std::ostringstream out;
  out << (markdown ? "_" : "# ") << EnvironmentLine(report.environment) << (markdown ? "_\n\n" : "\n");
  std::vector<std::vector<std::string>> rows(1);
  for (const Column& column : Columns()) rows[0].push_back(column.name);
  for (const auto& model : report.models) {
    rows.emplace_back();
    for (const Column& column : Columns()) rows.back().push_back(column.value(model, report.models.front()));
  }
  out << RenderGrid(rows, markdown);
  if (report.peak) out << (markdown ? "\n" : "") << PeakLine(*report.peak) << "\n";
  for (const auto& model : report.models) {
    if (model.by_op.empty()) continue;
    out << "\n" << (markdown ? "### " : "## ") << model.name << ": summary by node type\n" << (markdown ? "\n" : "");
    std::vector<std::vector<std::string>> ops{{"op", "nodes", "ms", "%", "MMACs", "GMAC/s"}};
    for (const auto& op : model.by_op)
      ops.push_back({op.op, std::to_string(op.nodes), Fixed(op.ms, 3), Fixed(op.percent, 1), Fixed(op.macs / 1e6, 1),
                     op.ms > 0 && op.macs > 0 ? Fixed(op.macs / (op.ms * 1e6), 1) : "-"});
    out << RenderGrid(ops, markdown);
    out << "\n" << (markdown ? "### " : "## ") << model.name << ": slowest nodes\n" << (markdown ? "\n" : "");
    auto nodes = model.by_node;
    std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.ms > b.ms; });
    if (nodes.size() > 15) nodes.resize(15);
    std::vector<std::vector<std::string>> slow{{"node", "op", "kernel", "ms", "%", "MMACs"}};
    for (const auto& n : nodes)
      slow.push_back({std::to_string(n.node_index), n.op, n.kernel, Fixed(n.ms, 3), Fixed(n.percent, 1),
                      Fixed(n.macs / 1e6, 1)});
    out << RenderGrid(slow, markdown);
  }
  return out.str();
}

std::string RenderJson(const BenchReport& report) {
  nlohmann::json root;
  root["environment"] = {{"commit", report.environment.commit},
                         {"compiler", report.environment.compiler},
                         {"cpu", report.environment.cpu},
                         {"hardware_threads", report.environment.hardware_threads}};
  root["models"] = nlohmann::json::array();
  for (const auto& model : report.models) {
    nlohmann::json entry;
    for (const Column& column : Columns()) entry[column.name] = column.value(model, report.models.front());
    entry["path"] = model.path;
    entry["samples_ms"] = model.samples_ms;
    entry["cpu_samples_ms"] = model.cpu_samples_ms;
    entry["macs"] = model.macs;
    entry["arena_bytes"] = model.arena_bytes;
    entry["peak_rss_kb"] = model.peak_rss_kb;
    entry["round_medians_ms"] = model.round_medians_ms;
    if (model.baseline) {
      entry["litert_times_ms"] = model.baseline->times_ms;
      entry["litert_round_medians_ms"] = model.baseline->round_medians_ms;
    }
    for (const auto& op : model.by_op)
      entry["by_op"].push_back({{"op", op.op}, {"nodes", op.nodes}, {"ms", op.ms}, {"percent", op.percent},
                                {"macs", op.macs}});
    for (const auto& n : model.by_node)
      entry["by_node"].push_back({{"node", n.node_index}, {"op", n.op}, {"kernel", n.kernel}, {"ms", n.ms},
                                  {"percent", n.percent}, {"macs", n.macs}});
    root["models"].push_back(std::move(entry));
  }
  if (report.peak)
    root["peak"] = {{"description", PeakLine(*report.peak)},
                    {"gflops", report.peak->gflops},
                    {"median_ms", report.peak->latency.median},
                    {"cpu_median_ms", report.peak->cpu.median},
                    {"cpu_gflops", report.peak->cpu_gflops},
                    {"macs", report.peak->macs}};
  return root.dump(2) + "\n";
}

std::string RunCommand(const char* command) {
  std::string output;
  if (FILE* pipe = popen(command, "r")) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
    pclose(pipe);
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

}  // namespace

Environment DetectEnvironment() {
  Environment env;
  env.commit = RunCommand("git -C '" EDGEPOSE_SOURCE_DIR "' rev-parse --short HEAD 2>/dev/null");
  if (env.commit.empty()) env.commit = "unknown";
#if defined(__clang__)
  env.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  env.compiler = std::string("gcc ") + __VERSION__;
#else
  env.compiler = "unknown compiler";
#endif
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      env.cpu = line.substr(line.find(':') + 2);
      break;
    }
  if (env.cpu.empty()) env.cpu = "unknown CPU";
  env.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  return env;
}

std::string FormatReport(const BenchReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson: return RenderJson(report);
    case ReportFormat::kMarkdown: return RenderText(report, true);
    case ReportFormat::kTable: return RenderText(report, false);
  }
  return "";
}

}  // namespace edgepose::bench
