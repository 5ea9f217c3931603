// Leveled logging to stderr. Stdout is reserved for a command's data.
#pragma once

#include <cstdarg>

namespace edgepose {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
void LogMessage(LogLevel level, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

}  // namespace edgepose

#define EP_LOG_AT(level, ...)                                   \
  do {                                                          \
    if (static_cast<int>(level) <=                              \
        static_cast<int>(::edgepose::GetLogLevel()))            \
      ::edgepose::LogMessage(level, __VA_ARGS__);               \
  } while (0)
#define EP_LOG_ERROR(...) EP_LOG_AT(::edgepose::LogLevel::kError, __VA_ARGS__)
#define EP_LOG_WARN(...) EP_LOG_AT(::edgepose::LogLevel::kWarn, __VA_ARGS__)
#define EP_LOG_INFO(...) EP_LOG_AT(::edgepose::LogLevel::kInfo, __VA_ARGS__)
#define EP_LOG_DEBUG(...) EP_LOG_AT(::edgepose::LogLevel::kDebug, __VA_ARGS__)
