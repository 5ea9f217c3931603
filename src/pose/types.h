// Plain data shared by the pose stages. Coordinates follow MediaPipe: "normalized" means
// divided by the image (or tensor) width/height, origin at the top-left corner, x right,
// y down; rotations are radians, counter-clockwise positive in MediaPipe's convention
// (see roi.h for how a rotation maps onto the image).
#pragma once

#include <array>
#include <vector>

namespace edgepose::pose {

// MediaPipe's NormalizedRect: a rotated rectangle whose centre and size are normalized
// to the image size (so a square in pixels has width/height in the ratio H/W).
struct NormalizedRect {
  float x_center = 0.0f;
  float y_center = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
  float rotation = 0.0f;  // radians
};

// Letterbox padding as fractions of the tensor size, MediaPipe order: left, top, right, bottom.
using LetterboxPadding = std::array<float, 4>;

struct Keypoint {
  float x = 0.0f;
  float y = 0.0f;
};

// One pose detection: a relative (normalized) axis-aligned box and the detector's keypoints
// (for the BlazePose detector: 0 mid-hip, 1 full-body size/rotation point, 2 mid-shoulder,
// 3 upper-body size/rotation point).
struct Detection {
  float score = 0.0f;
  float xmin = 0.0f;
  float ymin = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
  std::vector<Keypoint> keypoints;
};

struct Landmark {
  float x = 0.0f;
  float y = 0.0f;
  float z = 0.0f;
  float visibility = 0.0f;
  float presence = 0.0f;
};

using Landmarks = std::vector<Landmark>;

}  // namespace edgepose::pose
