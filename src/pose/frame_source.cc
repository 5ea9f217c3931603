#include "pose/frame_source.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/videoio.hpp>

#include "edgepose/log.h"

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kImageFrameUs = 33333;

// A damaged file makes FFmpeg and OpenCV print their own lines on stderr; failures are reported
// by our one-line errors and the skipped-frame count instead. A user's own setting wins.
void QuietDecoderLogs() {
  ::setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", /*overwrite=*/0);  // AV_LOG_QUIET
  if (GetLogLevel() < LogLevel::kDebug) {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  }
}

bool IsImageFile(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".webp";
}

class ImageListSource : public FrameSource {
 public:
  explicit ImageListSource(std::vector<fs::path> files) : files_(std::move(files)) {}
  bool is_video() const override { return false; }
  int64_t skipped_frames() const override { return skipped_; }
  // A single image that cannot be read is an error; in a directory it is skipped and counted.
  Result<bool> Next(Frame* frame) override {
    while (next_ < files_.size()) {
      const fs::path& path = files_[next_++];
      cv::Mat image;
      try {
        image = cv::imread(path.string(), cv::IMREAD_COLOR);
      } catch (const std::exception&) {
        image.release();
      }
      if (image.empty()) {
        if (files_.size() == 1) return MakeError(path.string() + ": cannot decode image");
        ++skipped_;
        continue;
      }
      frame->bgr = image;
      frame->index = static_cast<int64_t>(next_ - 1);
      frame->timestamp_us = frame->index * kImageFrameUs;
      frame->name = path.filename().string();
      return true;
    }
    return false;
  }

 private:
  std::vector<fs::path> files_;
  size_t next_ = 0;
  int64_t skipped_ = 0;
};

class VideoSource : public FrameSource {
 public:
  VideoSource(std::unique_ptr<cv::VideoCapture> capture, std::string name, bool camera)
      : capture_(std::move(capture)), name_(std::move(name)), camera_(camera) {
    fps_ = capture_->get(cv::CAP_PROP_FPS);
    if (!(fps_ > 0.0 && fps_ < 1000.0)) fps_ = 30.0;
    const double count = capture_->get(cv::CAP_PROP_FRAME_COUNT);
    frame_count_ = count > 0.0 && count < 1e9 ? static_cast<int64_t>(count) : -1;
  }
  bool is_video() const override { return true; }
  double fps() const override { return fps_; }
  int64_t skipped_frames() const override { return skipped_; }

  Result<bool> Next(Frame* frame) override {
    cv::Mat image;
    int failures = 0;
    while (true) {
      bool ok = false;
      try {
        ok = capture_->read(image) && !image.empty();
      } catch (const std::exception& e) {
        return MakeError(name_ + ": " + e.what());
      }
      if (ok) break;
      // A read failure before the container's last frame is a damaged frame, not the end.
      const int64_t position = decoded_ + skipped_ + failures;
      if (camera_ || frame_count_ < 0 || position + 1 >= frame_count_ || ++failures > kMaxRetries) {
        skipped_ += failures;
        return false;
      }
    }
    skipped_ += failures;
    if (image.type() != CV_8UC3) return MakeError(name_ + ": frames are not 8-bit BGR");
    if (!camera_) CountTimestampGap(failures);
    frame->bgr = image;
    frame->index = decoded_ + skipped_;
    frame->timestamp_us = static_cast<int64_t>(static_cast<double>(frame->index) * 1e6 / fps_);
    frame->name = name_ + "#" + std::to_string(frame->index);
    ++decoded_;
    return true;
  }

 private:
  static constexpr int kMaxRetries = 16;

  // Frames missing between two decoded ones show up as a jump in presentation time; those
  // already counted as failed reads are not counted twice.
  void CountTimestampGap(int counted_failures) {
    const double ms = capture_->get(cv::CAP_PROP_POS_MSEC);
    if (std::isfinite(ms) && last_ms_ >= 0.0) {
      const double period_ms = 1000.0 / fps_;
      const double gap = (ms - last_ms_) / period_ms;
      if (gap > 1.5 && gap < 1e6) {
        skipped_ += std::max<int64_t>(0, std::llround(gap) - 1 - counted_failures);
      }
    }
    if (std::isfinite(ms)) last_ms_ = ms;
  }

  std::unique_ptr<cv::VideoCapture> capture_;
  std::string name_;
  bool camera_ = false;
  double fps_ = 30.0;
  int64_t frame_count_ = -1;
  int64_t decoded_ = 0;
  int64_t skipped_ = 0;
  double last_ms_ = -1.0;
};

}  // namespace

Result<std::unique_ptr<FrameSource>> FrameSource::Open(const std::string& spec) {
  std::error_code ec;
  if (fs::is_directory(spec, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(spec, ec)) {
      if (entry.is_regular_file() && IsImageFile(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return MakeError(spec + ": no images in directory");
    return std::unique_ptr<FrameSource>(new ImageListSource(std::move(files)));
  }
  if (fs::is_regular_file(spec, ec) && IsImageFile(spec)) {
    return std::unique_ptr<FrameSource>(new ImageListSource({fs::path(spec)}));
  }
  const bool is_index =
      !spec.empty() && spec.size() < 4 &&
      std::all_of(spec.begin(), spec.end(), [](unsigned char c) { return std::isdigit(c); });
  const bool is_device = spec.rfind("/dev/video", 0) == 0;
  const bool is_camera = is_index || is_device;
  if (!is_index && !fs::exists(spec, ec)) {
    return MakeError(spec + (is_device ? ": no such camera" : ": no such file"));
  }
  QuietDecoderLogs();
  auto capture = std::make_unique<cv::VideoCapture>();
  try {
    if (is_index) {
      capture->open(std::stoi(spec));
    } else if (is_device) {
      capture->open(spec, cv::CAP_V4L2);
    } else {
      // FFmpeg directly: no GStreamer fallback printing its own warnings for a bad file.
      capture->open(spec, cv::CAP_FFMPEG);
    }
  } catch (const std::exception& e) {
    return MakeError(spec + ": " + e.what());
  }
  if (!capture->isOpened()) {
    return MakeError(spec + (is_camera ? ": cannot open camera" : ": cannot open as video"));
  }
  return std::unique_ptr<FrameSource>(new VideoSource(std::move(capture), spec, is_camera));
}

}  // namespace edgepose::pose
