// Self-registering CLI commands: each cmd_<name>.cc defines one static CommandRegistration,
// so adding a command never touches main.cc.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace edgepose::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Called once with the command's subcommand; returns the action to run after parsing.
using CommandSetup = std::function<std::function<int()>(CLI::App& command)>;

struct CommandInfo {
  std::string name;
  std::string summary;
  int order;  // position in `edgepose --help`
  CommandSetup setup;
};

std::vector<CommandInfo>& CommandTable();

struct CommandRegistration {
  CommandRegistration(std::string name, std::string summary, int order, CommandSetup setup) {
    CommandTable().push_back({std::move(name), std::move(summary), order, std::move(setup)});
  }
};

}  // namespace edgepose::cli
