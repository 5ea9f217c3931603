// Runs the `edgepose` binary of this build as a user would (a shell command line), capturing its
// exit code, stdout and stderr, for the CLI suites.
#pragma once

#include <filesystem>
#include <string>

namespace edgepose::testing {

struct CliRun {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// The whole file as text ("" when it cannot be read).
std::string ReadText(const std::filesystem::path& path);

// `launcher edgepose args`, with stdout and stderr redirected to files in `scratch_dir` (kept
// there for the test to inspect). `launcher` may be empty or e.g. "xvfb-run -a".
CliRun RunCli(const std::string& args, const std::filesystem::path& scratch_dir, const std::string& launcher = "");

}  // namespace edgepose::testing
