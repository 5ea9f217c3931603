#include "cli/cli_util.h"

#include <cstdio>
#include <map>

#include "cli/command.h"

namespace edgepose::cli {

int ReportError(const std::string& message) {
  std::fprintf(stderr, "edgepose: error: %s\n", message.c_str());
  return kExitFailure;
}

void AddBackendFlag(CLI::App& command, InterpreterOptions& options) {
  static const std::map<std::string, Backend> kBackends = {{"xnnpack", Backend::kXnnpack},
                                                           {"reference", Backend::kReference}};
  options.backend = BackendAvailable(Backend::kXnnpack) ? Backend::kXnnpack : Backend::kReference;
  command.add_option("--backend", options.backend,
                     "Kernels to prefer: xnnpack (fast path; falls back to reference per op) or reference")
      ->transform(CLI::CheckedTransformer(kBackends, CLI::ignore_case))
      ->capture_default_str();
}

void AddRuntimeFlags(CLI::App& command, InterpreterOptions& options) {
  AddBackendFlag(command, options);
  command.add_option("--threads", options.num_threads, "Worker threads for the fast path")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
}

}  // namespace edgepose::cli
