#include "pose/roi.h"

#include <algorithm>
#include <cmath>

namespace edgepose::pose {

float NormalizeRadians(float angle) {
  return angle - 2 * float(M_PI) * std::floor((angle - (-float(M_PI))) / (2 * float(M_PI)));
}

NormalizedRect AlignmentRect(Keypoint start, Keypoint end, int image_width, int image_height,
                             float target_angle_degrees) {
  const float x_center = start.x * image_width;
  const float y_center = start.y * image_height;
  const float x_scale = end.x * image_width;
  const float y_scale = end.y * image_height;
  const float box_size = std::sqrt((x_scale - x_center) * (x_scale - x_center) +
                                   (y_scale - y_center) * (y_scale - y_center)) *
                         2.0f;
  NormalizedRect rect;
  rect.x_center = x_center / image_width;
  rect.y_center = y_center / image_height;
  rect.width = box_size / image_width;
  rect.height = box_size / image_height;
  // Image y points down, hence the minus: the angle is measured as on paper.
  const float target = target_angle_degrees * float(M_PI) / 180.0f;
  rect.rotation = NormalizeRadians(target - std::atan2(-(y_scale - y_center), x_scale - x_center));
  return rect;
}

NormalizedRect TransformRect(const NormalizedRect& rect, int image_width, int image_height,
                             float scale_x, float scale_y, bool square_long) {
  NormalizedRect out = rect;
  float width = rect.width;
  float height = rect.height;
  if (square_long) {
    const float long_side = std::max(width * image_width, height * image_height);
    width = long_side / image_width;
    height = long_side / image_height;
  }
  out.width = width * scale_x;
  out.height = height * scale_y;
  return out;
}

NormalizedRect RoiFromKeypoints(Keypoint start, Keypoint end, int image_width, int image_height,
                                const RoiOptions& options) {
  const NormalizedRect raw =
      AlignmentRect(start, end, image_width, image_height, options.target_angle_degrees);
  return TransformRect(raw, image_width, image_height, options.scale_x, options.scale_y,
                       options.square_long);
}

NormalizedRect RoiFromDetection(const Detection& detection, int image_width, int image_height,
                                const RoiOptions& options) {
  const int needed = std::max(options.start_keypoint, options.end_keypoint);
  if (needed < 0 || needed >= static_cast<int>(detection.keypoints.size())) return {};
  return RoiFromKeypoints(detection.keypoints[options.start_keypoint],
                          detection.keypoints[options.end_keypoint], image_width, image_height,
                          options);
}

}  // namespace edgepose::pose
