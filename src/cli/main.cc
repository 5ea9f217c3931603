// edgepose <command>: the one entry point. Commands register themselves (command.h).
#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>

#include "cli/command.h"
#include "edgepose/log.h"

namespace edgepose::cli {
std::vector<CommandInfo>& CommandTable() {
  static std::vector<CommandInfo> table;
  return table;
}
}  // namespace edgepose::cli

int main(int argc, char** argv) {
  using namespace edgepose::cli;
  try {
    CLI::App app{
        "EdgePose: MediaPipe BlazePose models on small edge boards - inspect, run, quantize, "
        "benchmark, evaluate and apply TFLite models."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "edgepose 0.1.0");
    bool verbose = false, quiet = false;
    app.add_flag("-v,--verbose", verbose, "More log output on stderr");
    app.add_flag("-q,--quiet", quiet, "Only errors on stderr");

    auto& table = CommandTable();
    std::sort(table.begin(), table.end(), [](auto& a, auto& b) { return a.order < b.order; });
    std::map<CLI::App*, std::function<int()>> actions;
    for (auto& info : table) {
      CLI::App* command = app.add_subcommand(info.name, info.summary);
      actions[command] = info.setup(*command);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    edgepose::SetLogLevel(quiet     ? edgepose::LogLevel::kError
                          : verbose ? edgepose::LogLevel::kDebug
                                    : edgepose::LogLevel::kInfo);
    for (auto& [command, action] : actions) {
      if (command->parsed()) return action();
    }
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgepose: error: %s\n", e.what());
    return kExitFailure;
  }
}
