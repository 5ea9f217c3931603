#include "common/cli_run.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace edgepose::testing {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

CliRun RunCli(const std::string& args, const std::filesystem::path& scratch_dir, const std::string& launcher) {
  const std::filesystem::path out = scratch_dir / "stdout", err = scratch_dir / "stderr";
  const std::string command = (launcher.empty() ? "" : launcher + " ") + std::string(EDGEPOSE_CLI_PATH) + " " + args +
                              " >" + out.string() + " 2>" + err.string();
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadText(out), ReadText(err)};
}

}  // namespace edgepose::testing
