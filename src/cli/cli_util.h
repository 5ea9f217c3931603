// Small pieces every command shares: the one-line error convention and backend flags.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "edgepose/interpreter.h"
#include "edgepose/status.h"

namespace edgepose::cli {

// Prints "edgepose: error: <message>" on stderr; returns the failure exit code.
int ReportError(const std::string& message);

// Adds --backend (xnnpack|reference) and --threads to a command.
void AddRuntimeFlags(CLI::App& command, InterpreterOptions& options);
// Adds --backend only (for commands with their own --threads).
void AddBackendFlag(CLI::App& command, InterpreterOptions& options);

}  // namespace edgepose::cli
