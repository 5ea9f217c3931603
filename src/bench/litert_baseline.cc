#include "bench/litert_baseline.h"

#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace edgepose::bench {
namespace {

// Single-quotes an argument for /bin/sh.
std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

Result<BaselineResult> ParseLiteRtJson(const std::string& line) {
  try {
    const auto json = nlohmann::json::parse(line);
    BaselineResult result;
    result.variant = json.value("variant", "");
    result.runs = json.value("runs", 0);
    result.median_ms = json.at("median_ms").get<double>();
    result.min_ms = json.value("min_ms", 0.0);
    if (json.contains("times_ms")) result.times_ms = json.at("times_ms").get<std::vector<double>>();
    return result;
  } catch (const std::exception& e) {
    return MakeError(std::string("LiteRT output: ") + e.what());
  }
}

Result<BaselineResult> RunLiteRtBaseline(const std::string& model_path, const BaselineOptions& options) {
  const std::string script =
      options.script.empty() ? std::string(EDGEPOSE_SOURCE_DIR) + "/tools/litert/run_model.mjs" : options.script;
  // stderr joins stdout so a failure can quote LiteRT's own message; the result is the JSON line.
  const std::string command = ShellQuote(options.node) + " " + ShellQuote(script) + " --model " +
                              ShellQuote(model_path) + " --synthetic-inputs --runs " + std::to_string(options.runs) +
                              " --variant " + ShellQuote(options.variant) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return MakeError(model_path + ": cannot start node for the LiteRT baseline");
  std::string output, json_line;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = pclose(pipe);
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    if (!line.empty() && line.front() == '{') json_line = line;
    start = end + 1;
  }
  if (status != 0 || json_line.empty()) {
    const size_t tail = output.find_last_not_of("\n");
    const std::string last = tail == std::string::npos ? "" : output.substr(output.rfind('\n', tail) + 1);
    return MakeError(model_path + ": LiteRT baseline failed (exit " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "): " + last);
  }
  return WithContext(ParseLiteRtJson(json_line), model_path);
}

}  // namespace edgepose::bench
