#include "common/test_paths.h"

#include <cstdlib>
#include <filesystem>

namespace edgepose::testing {

std::string SourceDir() { return EDGEPOSE_SOURCE_DIR; }

std::string ModelPath(const std::string& name) { return SourceDir() + "/models/" + name + ".tflite"; }

std::string SharedDataDir() {
  std::error_code ec;
  if (const char* override_dir = std::getenv("EDGEPOSE_SHARED_DATA"); override_dir && *override_dir) {
    return std::filesystem::is_directory(override_dir, ec) ? std::string(override_dir) : std::string();
  }
  const std::filesystem::path dir = std::filesystem::path(SourceDir()).parent_path() / "shared" / "data";
  return std::filesystem::is_directory(dir, ec) ? dir.lexically_normal().string() : std::string();
}

bool IsSanitizerBuild() {
  const char* value = std::getenv("EDGEPOSE_SANITIZER_BUILD");
  return value && *value && std::string(value) != "0";
}

std::string MissingModelReason(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return "";
  return path + " is missing; run `bash scripts/fetch_models.sh`";
}

}  // namespace edgepose::testing
