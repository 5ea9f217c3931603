// Runs the `edgepose` binary of this build as a user would (a shell command line), capturing its
// exit code, stdout and stderr, for the CLI suites.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

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

// A fixture with a fresh scratch folder per test, <tmp>/edgepose_<suite>_<pid>_<test>, removed after.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() / ("edgepose_" + std::string(info->test_suite_name()) + "_" +
                                                     std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

}  // namespace edgepose::testing
