#include "pose/frame_source.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kImageFrameUs = 33333;

bool IsImageFile(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".webp";
}

class ImageListSource : public FrameSource {
 public:
  explicit ImageListSource(std::vector<fs::path> files) : files_(std::move(files)) {}
  bool is_video() const override { return false; }
  Result<bool> Next(Frame* frame) override {
    if (next_ >= files_.size()) return false;
    const fs::path& path = files_[next_];
    cv::Mat image;
    try {
      image = cv::imread(path.string(), cv::IMREAD_COLOR);
    } catch (const std::exception& e) {
      return MakeError(path.string() + ": " + e.what());
    }
    if (image.empty()) return MakeError(path.string() + ": cannot decode image");
    frame->bgr = image;
    frame->index = static_cast<int64_t>(next_);
    frame->timestamp_us = frame->index * kImageFrameUs;
    frame->name = path.filename().string();
    ++next_;
    return true;
  }

 private:
  std::vector<fs::path> files_;
  size_t next_ = 0;
};

class VideoSource : public FrameSource {
 public:
  VideoSource(std::unique_ptr<cv::VideoCapture> capture, std::string name)
      : capture_(std::move(capture)), name_(std::move(name)) {
    fps_ = capture_->get(cv::CAP_PROP_FPS);
    if (!(fps_ > 0.0 && fps_ < 1000.0)) fps_ = 30.0;
  }
  bool is_video() const override { return true; }
  Result<bool> Next(Frame* frame) override {
    cv::Mat image;
    try {
      if (!capture_->read(image) || image.empty()) return false;
    } catch (const std::exception& e) {
      return MakeError(name_ + ": " + e.what());
    }
    if (image.type() != CV_8UC3) return MakeError(name_ + ": frames are not 8-bit BGR");
    frame->bgr = image;
    frame->index = index_;
    // Frame index / fps: monotonic, unlike some containers' reported positions.
    frame->timestamp_us = static_cast<int64_t>(index_ * 1e6 / fps_);
    frame->name = name_ + "#" + std::to_string(index_);
    ++index_;
    return true;
  }

 private:
  std::unique_ptr<cv::VideoCapture> capture_;
  std::string name_;
  double fps_ = 30.0;
  int64_t index_ = 0;
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
  const bool is_camera =
      !spec.empty() && std::all_of(spec.begin(), spec.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!is_camera && !fs::exists(spec, ec)) return MakeError(spec + ": no such file");
  auto capture = std::make_unique<cv::VideoCapture>();
  try {
    if (is_camera) {
      capture->open(std::stoi(spec));
    } else {
      capture->open(spec);
    }
  } catch (const std::exception& e) {
    return MakeError(spec + ": " + e.what());
  }
  if (!capture->isOpened()) return MakeError(spec + ": cannot open as video or camera");
  return std::unique_ptr<FrameSource>(new VideoSource(std::move(capture), spec));
}

}  // namespace edgepose::pose
