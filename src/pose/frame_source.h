// Where frames come from for `edgepose pose`: one image, a directory of images (sorted by
// name, each its own "frame"), a video file, or a camera (an index "0" or a device path
// "/dev/videoN"). Timestamps: frame index / fps (30 when unknown), counting skipped frames, so
// they stay monotonic; images get index x 33 ms.
//
// Damaged video: a frame the decoder cannot produce is skipped and counted instead of ending
// the run. FFmpeg (OpenCV's backend) drops undecodable packets itself, so two signs are used:
// a gap in the container's presentation times larger than 1.5 frame periods (the frames in
// the gap were lost), and a failed read before the container's frame count is reached (the
// reader retries a few times before it treats the failure as the end).
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
  virtual double fps() const { return 30.0; }            // nominal rate, for writing video
  virtual int64_t skipped_frames() const { return 0; }   // damaged frames skipped so far

  static Result<std::unique_ptr<FrameSource>> Open(const std::string& spec);
};

}  // namespace edgepose::pose
