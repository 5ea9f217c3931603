// Output files of `edgepose pose`, all written atomically: each goes to a temporary file beside
// its target (same folder, same extension so OpenCV picks the container) and is renamed over
// the target only by Commit(); an object destroyed without Commit() removes its temporary,
// so an interrupted or failed run never leaves a half-written output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "edgepose/status.h"

namespace edgepose::pose {

// A temporary path beside `target`: "<dir>/.<stem>.tmp<pid>_<n><ext>".
std::string TemporaryPathFor(const std::string& target);

// Streamed text (JSON Lines), or stdout for "-" (nothing to rename then).
class AtomicTextFile {
 public:
  static Result<std::unique_ptr<AtomicTextFile>> Open(const std::string& path);
  ~AtomicTextFile();
  Status Write(const std::string& text);
  Status Commit();

 private:
  AtomicTextFile(std::string path, std::string temp, FILE* file);
  std::string path_;
  std::string temp_;
  FILE* file_ = nullptr;
  bool committed_ = false;
};

// Annotated frames as a video file; opened at the first frame (its size fixes the video's).
// .mp4/.m4v/.mov try H.264 (avc1) then MPEG-4 Part 2 (mp4v); .avi uses MJPG; .mkv tries H.264.
class AtomicVideoWriter {
 public:
  AtomicVideoWriter(std::string path, double fps) : path_(std::move(path)), fps_(fps) {}
  ~AtomicVideoWriter();
  Status Write(const cv::Mat& bgr);
  Status Commit();
  int64_t frames() const { return frames_; }

 private:
  std::string path_;
  std::string temp_;
  double fps_;
  cv::VideoWriter writer_;
  cv::Size size_;
  int64_t frames_ = 0;
  bool committed_ = false;
};

bool IsVideoPath(const std::string& path);  // by extension: .mp4 .m4v .mov .avi .mkv

// One annotated image per frame in a directory (created if needed), each written atomically.
Status WriteAnnotatedImage(const std::string& directory, const std::string& file_name,
                           const cv::Mat& bgr);

}  // namespace edgepose::pose
