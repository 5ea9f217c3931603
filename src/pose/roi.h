// Region of interest for the landmark model, from a detection or from the previous frame's
// landmarks. Follows
//   mediapipe/calculators/util/alignment_points_to_rects_calculator.cc,
//   mediapipe/calculators/util/detections_to_rects_calculator.cc (ComputeRotation),
//   mediapipe/calculators/util/rect_transformation_calculator.cc,
// with mediapipe/modules/pose_landmark/pose_detection_to_roi.pbtxt and
// pose_landmarks_to_roi.pbtxt (both: keypoints 0 -> 1, target angle 90 deg, scale 1.25,
// square long side).
#pragma once

#include "pose/types.h"

namespace edgepose::pose {

struct RoiOptions {
  int start_keypoint = 0;  // mid-hip centre
  int end_keypoint = 1;    // encodes size and rotation
  float target_angle_degrees = 90.0f;
  float scale_x = 1.25f;
  float scale_y = 1.25f;
  bool square_long = true;
};

// Wraps an angle into [-pi, pi) (MediaPipe's NormalizeRadians).
float NormalizeRadians(float angle);

// The raw alignment rectangle: centre at the start point, side 2 x |end - start| in pixels,
// rotation so the start->end vector points at the target angle (up, for 90 degrees).
// Points are normalized; image size converts them to pixels so the rect is square in pixels.
NormalizedRect AlignmentRect(Keypoint start, Keypoint end, int image_width, int image_height,
                             float target_angle_degrees);

// RectTransformationCalculator without shifts: optional square-long, then scale.
NormalizedRect TransformRect(const NormalizedRect& rect, int image_width, int image_height,
                             float scale_x, float scale_y, bool square_long);

// Full ROI from a detection's keypoints (image-normalized) or from two landmarks.
NormalizedRect RoiFromKeypoints(Keypoint start, Keypoint end, int image_width, int image_height,
                                const RoiOptions& options = {});
NormalizedRect RoiFromDetection(const Detection& detection, int image_width, int image_height,
                                const RoiOptions& options = {});

}  // namespace edgepose::pose
