#include "pose/outputs.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "edgepose/file_io.h"

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;

std::string LowerExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  if (!path.empty()) fs::remove(path, ec);
}

Status RenameOver(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return MakeError(to + ": cannot finish writing: " + ec.message());
  return Ok();
}

}  // namespace

std::string TemporaryPathFor(const std::string& target) {
  static std::atomic<int> counter{0};
  const fs::path path(target);
  const std::string dir = path.has_parent_path() ? path.parent_path().string() + "/" : "";
  return dir + "." + path.stem().string() + ".tmp" + std::to_string(::getpid()) + "_" +
         std::to_string(counter++) + path.extension().string();
}

bool IsVideoPath(const std::string& path) {
  const std::string ext = LowerExtension(path);
  return ext == ".mp4" || ext == ".m4v" || ext == ".mov" || ext == ".avi" || ext == ".mkv";
}

// --- AtomicTextFile ---------------------------------------------------------------------

AtomicTextFile::AtomicTextFile(std::string path, std::string temp, FILE* file)
    : path_(std::move(path)), temp_(std::move(temp)), file_(file) {}

Result<std::unique_ptr<AtomicTextFile>> AtomicTextFile::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<AtomicTextFile>(new AtomicTextFile(path, "", stdout));
  const std::string temp = TemporaryPathFor(path);
  FILE* file = std::fopen(temp.c_str(), "wb");
  if (!file) return MakeError(path + ": cannot create: " + std::strerror(errno));
  return std::unique_ptr<AtomicTextFile>(new AtomicTextFile(path, temp, file));
}

AtomicTextFile::~AtomicTextFile() {
  if (file_ && file_ != stdout) std::fclose(file_);
  if (!committed_) RemoveQuietly(temp_);
}

Status AtomicTextFile::Write(const std::string& text) {
  if (!file_) return MakeError(path_ + ": already closed");
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    return MakeError(path_ + ": write failed: " + std::strerror(errno));
  }
  if (file_ == stdout) std::fflush(stdout);
  return Ok();
}

Status AtomicTextFile::Commit() {
  if (file_ == stdout) {
    committed_ = true;
    return Ok();
  }
  if (!file_) return MakeError(path_ + ": already closed");
  const bool failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed) return MakeError(path_ + ": cannot finish writing: " + std::strerror(errno));
  EP_RETURN_IF_ERROR(RenameOver(temp_, path_));
  committed_ = true;
  return Ok();
}

// --- AtomicVideoWriter ------------------------------------------------------------------

AtomicVideoWriter::~AtomicVideoWriter() {
  if (writer_.isOpened()) writer_.release();
  if (!committed_) RemoveQuietly(temp_);
}

Status AtomicVideoWriter::Write(const cv::Mat& bgr) {
  if (!writer_.isOpened()) {
    if (frames_ > 0) return MakeError(path_ + ": video writer closed");
    const std::string ext = LowerExtension(path_);
    std::vector<int> codecs;
    if (ext == ".avi") {
      codecs = {cv::VideoWriter::fourcc('M', 'J', 'P', 'G')};
    } else {
      codecs = {cv::VideoWriter::fourcc('a', 'v', 'c', '1'), cv::VideoWriter::fourcc('m', 'p', '4', 'v')};
    }
    temp_ = TemporaryPathFor(path_);
    size_ = bgr.size();
    for (int codec : codecs) {
      try {
        if (writer_.open(temp_, cv::CAP_FFMPEG, codec, fps_, size_, true)) break;
      } catch (const std::exception&) {
        writer_.release();
      }
    }
    if (!writer_.isOpened()) {
      RemoveQuietly(temp_);
      return MakeError(path_ + ": cannot open a video writer for this container");
    }
  }
  if (bgr.size() != size_) {
    return MakeError(path_ + ": frame size changed from " + std::to_string(size_.width) + "x" +
                     std::to_string(size_.height));
  }
  try {
    writer_.write(bgr);
  } catch (const std::exception& e) {
    return MakeError(path_ + ": " + e.what());
  }
  ++frames_;
  return Ok();
}

Status AtomicVideoWriter::Commit() {
  if (frames_ == 0) return MakeError(path_ + ": no frames to write");
  writer_.release();
  EP_RETURN_IF_ERROR(RenameOver(temp_, path_));
  committed_ = true;
  return Ok();
}

Status WriteAnnotatedImage(const std::string& directory, const std::string& file_name,
                           const cv::Mat& bgr) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) return MakeError(directory + ": " + ec.message());
  const std::string path = directory + "/" + file_name;
  std::vector<uint8_t> bytes;
  try {
    if (!cv::imencode(LowerExtension(path), bgr, bytes)) return MakeError(path + ": cannot encode");
  } catch (const std::exception& e) {
    return MakeError(path + ": " + e.what());
  }
  return WriteFileAtomic(path, bytes);
}

}  // namespace edgepose::pose
