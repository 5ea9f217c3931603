// Annotation of a frame for `edgepose pose --output`: the skeleton (MediaPipe's
// POSE_CONNECTIONS, mediapipe/python/solutions/pose_connections.py), the landmark model's
// region (rotated box), and a text panel with frames/s, per-stage milliseconds and the
// repetition count. Pure drawing on an OpenCV image; no state.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>

#include <opencv2/core.hpp>

#include "pose/pipeline.h"

namespace edgepose::pose {

// The 35 edges of BlazePose's 33-landmark skeleton.
const std::array<std::pair<int, int>, 35>& PoseConnections();

struct OverlayText {
  double fps = 0.0;  // 0: not shown
  std::optional<int> reps;
  std::string exercise;
};

struct DrawOptions {
  float min_visibility = 0.5f;  // landmarks (and edges touching them) below this are not drawn
};

// Corners of a normalized rotated rect in pixels, in order (top-left, top-right,
// bottom-right, bottom-left of the unrotated rect), rotated as MediaPipe's RotatedRect.
std::array<cv::Point2f, 4> RegionCorners(const NormalizedRect& rect, int image_width,
                                         int image_height);

void DrawPose(cv::Mat& bgr, const PoseResult& result, const OverlayText& text,
              const DrawOptions& options = {});

}  // namespace edgepose::pose
