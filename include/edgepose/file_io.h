// Whole-file reads and crash-safe writes (temp file in the same folder, then rename),
// so a failed or interrupted command never leaves a half-written output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edgepose/status.h"

namespace edgepose {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path);
Status WriteFileAtomic(const std::string& path, const void* data, size_t size);
inline Status WriteFileAtomic(const std::string& path, std::string_view text) {
  return WriteFileAtomic(path, text.data(), text.size());
}
inline Status WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  return WriteFileAtomic(path, bytes.data(), bytes.size());
}

}  // namespace edgepose
