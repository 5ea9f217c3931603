// Where frames come from for `edgepose pose`: one image, a directory of images (sorted by
// name, each its own "frame"), a video file, or a camera index. Timestamps: video position
// when the container has one, else frame index / fps (30 when unknown); images get index x 33 ms.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "edgepose/status.h"

namespace edgepose::pose {

struct Frame {
  cv::Mat bgr;
  int64_t index = 0;
  int64_t timestamp_us = 0;
  std::string name;  // file name for images, "<source>#<index>" for video
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // False at the end of the source.
  virtual Result<bool> Next(Frame* frame) = 0;
  virtual bool is_video() const = 0;

  static Result<std::unique_ptr<FrameSource>> Open(const std::string& spec);
};

}  // namespace edgepose::pose
