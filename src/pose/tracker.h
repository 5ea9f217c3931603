// Detect-or-track state machine of mediapipe/modules/pose_landmark/pose_landmark_cpu.pbtxt:
// with no pose tracked, the detector runs and its best detection gives the ROI; once the
// landmark model reports a pose, the next frame's ROI comes from the auxiliary landmarks
// 33 (centre) and 34 (size/rotation) via pose_landmarks_to_roi.pbtxt, and the detector is
// skipped; when pose presence is not above the threshold the track is lost and the next
// frame runs the detector again. In static mode every frame runs the detector.
#pragma once

#include <cstdint>
#include <optional>

#include "pose/roi.h"
#include "pose/types.h"

namespace edgepose::pose {

inline constexpr int kAuxCenterLandmark = 33;
inline constexpr int kAuxScaleLandmark = 34;

struct TrackerOptions {
  bool static_image_mode = false;
  float presence_threshold = 0.5f;  // ThresholdingCalculator in tensors_to_pose_landmarks...pbtxt
  RoiOptions roi;                   // pose_landmarks_to_roi.pbtxt: 1.25, square long side
};

class PoseTracker {
 public:
  explicit PoseTracker(const TrackerOptions& options = {}) : options_(options) {}

  // The ROI carried over from the previous frame, or nullopt when the detector must run.
  const std::optional<NormalizedRect>& tracked_roi() const { return roi_; }
  bool NeedsDetection() const { return !roi_.has_value(); }
  void CountDetectorRun() { ++detector_runs_; }
  int64_t detector_runs() const { return detector_runs_; }

  // Feeds the landmark model's verdict for this frame. `landmarks` are image-normalized and
  // include the auxiliary points (at least 35 entries) when the pose is present.
  void Apply(float pose_presence, const Landmarks& landmarks, int image_width, int image_height);
  void Reset() { roi_.reset(); }

 private:
  TrackerOptions options_;
  std::optional<NormalizedRect> roi_;
  int64_t detector_runs_ = 0;
};

}  // namespace edgepose::pose
