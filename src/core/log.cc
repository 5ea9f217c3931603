#include "edgepose/log.h"

#include <atomic>
#include <cstdio>

namespace edgepose {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kWarn)};
constexpr const char* kPrefix[] = {"error", "warning", "info", "debug"};
}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }

void LogMessage(LogLevel level, const char* format, ...) {
  std::fprintf(stderr, "edgepose: %s: ", kPrefix[static_cast<int>(level)]);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
}

}  // namespace edgepose
