#include "common/litert_oracle.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/test_paths.h"
#include "edgepose/file_io.h"

extern char** environ;

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

std::string RunnerScript() { return SourceDir() + "/tools/litert/run_model.mjs"; }

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string dirs = path;
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

// A temporary folder removed with everything in it when this goes out of scope.
class ScratchDir {
 public:
  static Result<ScratchDir> Create() {
    std::string pattern = (fs::temp_directory_path() / "edgepose_litert_XXXXXX").string();
    if (!mkdtemp(pattern.data())) return MakeError(std::string("mkdtemp: ") + std::strerror(errno));
    return ScratchDir(pattern);
  }
  ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ScratchDir(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Runs `node run_model.mjs args...` with stdout/stderr sent to files; returns the stdout text.
Result<std::string> RunNode(const std::vector<std::string>& args, const ScratchDir& scratch,
                            const std::string& model_path) {
  std::vector<std::string> argv_storage = {"node", RunnerScript()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const std::string stdout_path = scratch.File("stdout.json");
  const std::string stderr_path = scratch.File("stderr.txt");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, "node", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  const std::string subject = "litert: " + fs::path(model_path).filename().string();
  if (spawn_error != 0) return MakeError(subject + ": cannot start node: " + std::strerror(spawn_error));

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return MakeError(subject + ": waitpid: " + std::strerror(errno));
  }
  auto stderr_bytes = ReadFileBytes(stderr_path);
  const std::string stderr_text = stderr_bytes ? Trim(std::string(stderr_bytes->begin(), stderr_bytes->end())) : "";
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how =
        WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status)) : "killed by signal " + std::to_string(WTERMSIG(status));
    return MakeError(subject + ": run_model.mjs " + how + ": " + stderr_text);
  }
  EP_ASSIGN_OR_RETURN(auto stdout_bytes, ReadFileBytes(stdout_path));
  return std::string(stdout_bytes.begin(), stdout_bytes.end());
}

Result<nlohmann::json> ParseReport(const std::string& text, const std::string& model_path) {
  nlohmann::json report = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded() || !report.is_object()) {
    return MakeError("litert: " + fs::path(model_path).filename().string() + ": run_model.mjs printed no JSON: " +
                     Trim(text));
  }
  return report;
}

}  // namespace

bool LiteRtAvailable() {
  std::error_code ec;
  return OnPath("node") && fs::is_directory(SourceDir() + "/tools/litert/node_modules/@litertjs/core", ec);
}

Result<std::vector<std::vector<NpyArray>>> RunLiteRtBatch(const std::string& model_path,
                                                          const std::vector<std::vector<NpyArray>>& cases,
                                                          const LiteRtOptions& options) {
  if (cases.empty()) return std::vector<std::vector<NpyArray>>{};
  EP_ASSIGN_OR_RETURN(ScratchDir scratch, ScratchDir::Create());
  nlohmann::json case_list = nlohmann::json::array();
  for (size_t c = 0; c < cases.size(); ++c) {
    nlohmann::json files = nlohmann::json::array();
    for (size_t i = 0; i < cases[c].size(); ++i) {
      const std::string path = scratch.File("case" + std::to_string(c) + "_input_" + std::to_string(i) + ".npy");
      EP_RETURN_IF_ERROR(WriteNpy(path, cases[c][i]));
      files.push_back(path);
    }
    case_list.push_back({{"inputs", files}, {"output_dir", scratch.File("out" + std::to_string(c))}});
  }
  const std::string cases_path = scratch.File("cases.json");
  EP_RETURN_IF_ERROR(WriteFileAtomic(cases_path, case_list.dump()));
  EP_ASSIGN_OR_RETURN(std::string stdout_text,
                      RunNode({"--model", model_path, "--cases", cases_path, "--variant", options.variant}, scratch,
                              model_path));
  EP_ASSIGN_OR_RETURN(nlohmann::json report, ParseReport(stdout_text, model_path));
  if (!report.contains("outputs") || !report["outputs"].is_array()) {
    return MakeError("litert: " + model_path + ": report lacks 'outputs'");
  }
  std::vector<std::vector<NpyArray>> results(cases.size());
  for (size_t c = 0; c < cases.size(); ++c) {
    for (size_t i = 0; i < report["outputs"].size(); ++i) {
      EP_ASSIGN_OR_RETURN(NpyArray output, ReadNpy(scratch.File("out" + std::to_string(c) + "/output_" +
                                                                 std::to_string(i) + ".npy")));
      results[c].push_back(std::move(output));
    }
  }
  return results;
}

Result<std::vector<NpyArray>> RunLiteRt(const std::string& model_path, const std::vector<NpyArray>& inputs,
                                        const LiteRtOptions& options) {
  EP_ASSIGN_OR_RETURN(auto results, RunLiteRtBatch(model_path, {inputs}, options));
  return std::move(results.front());
}

Result<double> LiteRtMedianLatencyMs(const std::string& model_path, int runs, const LiteRtOptions& options) {
  if (runs < 1) return MakeError("litert: runs must be >= 1");
  EP_ASSIGN_OR_RETURN(ScratchDir scratch, ScratchDir::Create());
  EP_ASSIGN_OR_RETURN(std::string stdout_text,
                      RunNode({"--model", model_path, "--synthetic-inputs", "--runs", std::to_string(runs),
                               "--variant", options.variant},
                              scratch, model_path));
  EP_ASSIGN_OR_RETURN(nlohmann::json report, ParseReport(stdout_text, model_path));
  if (!report.contains("median_ms") || !report["median_ms"].is_number()) {
    return MakeError("litert: " + model_path + ": report lacks 'median_ms'");
  }
  return report["median_ms"].get<double>();
}

}  // namespace edgepose::testing
