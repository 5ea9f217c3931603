#include "edgepose/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace edgepose {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return MakeError(path + ": is a directory");
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return MakeError(path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), file)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  const bool failed = std::ferror(file);
  std::fclose(file);
  if (failed) return MakeError(path + ": read error");
  return bytes;
}

Status WriteFileAtomic(const std::string& path, const void* data, size_t size) {
  std::filesystem::path target(path);
  std::string tmp_template =
      (target.has_parent_path() ? target.parent_path().string() + "/" : std::string()) + "." +
      target.filename().string() + ".tmpXXXXXX";
  std::vector<char> tmp_name(tmp_template.begin(), tmp_template.end());
  tmp_name.push_back('\0');
  int fd = mkstemp(tmp_name.data());
  if (fd < 0) return MakeError(path + ": cannot create temporary file: " + std::strerror(errno));
  const auto* bytes = static_cast<const uint8_t*>(data);
  size_t written = 0;
  while (written < size) {
    ssize_t n = ::write(fd, bytes + written, size - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp_name.data());
      return MakeError(path + ": write failed: " + reason);
    }
    written += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (::close(fd) != 0 || std::rename(tmp_name.data(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp_name.data());
    return MakeError(path + ": cannot finish writing: " + reason);
  }
  return Ok();
}

}  // namespace edgepose
