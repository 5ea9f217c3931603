// Temporal smoothing of a landmark list, as MediaPipe's LandmarksSmoothingCalculator
// (mediapipe/calculators/util/landmarks_smoothing_calculator.cc + _utils.cc) and
// VisibilitySmoothingCalculator, configured by mediapipe/modules/pose_landmark/
// pose_landmark_filtering.pbtxt:
//   pose landmarks:     visibility low-pass alpha 0.1, One Euro (0.05, 80, 1.0), value scale
//                       1 / object scale, object scale = mean side in pixels of the ROI
//                       aligned on the auxiliary landmarks (OBJECT_SCALE_ROI);
//   auxiliary:          visibility low-pass 0.1, One Euro (0.01, 10, 1.0), same scaling;
//   world landmarks:    visibility low-pass 0.1, One Euro (0.1, 40, 1.0), no value scaling.
// Normalized landmarks are filtered in pixels (x * width, y * height, z * width), as MediaPipe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pose/filters/low_pass_filter.h"
#include "pose/filters/one_euro_filter.h"
#include "pose/types.h"

namespace edgepose::pose {

struct LandmarksSmootherOptions {
  OneEuroOptions one_euro;
  float visibility_alpha = 0.1f;
  bool disable_value_scaling = false;
  float min_allowed_object_scale = 1e-6f;  // landmarks_smoothing_calculator.proto default
};

LandmarksSmootherOptions PoseLandmarkSmoothing();       // (0.05, 80, 1.0)
LandmarksSmootherOptions AuxiliaryLandmarkSmoothing();  // (0.01, 10, 1.0)
LandmarksSmootherOptions WorldLandmarkSmoothing();      // (0.1, 40, 1.0), unscaled

// Visibility-only low-pass (VisibilitySmoothingCalculator low_pass_filter).
class VisibilitySmoother {
 public:
  explicit VisibilitySmoother(float alpha = 0.1f) : alpha_(alpha) {}
  Landmarks Apply(const Landmarks& landmarks);
  void Reset() { filters_.clear(); }

 private:
  float alpha_;
  std::vector<LowPassFilter> filters_;
};

class LandmarksSmoother {
 public:
  explicit LandmarksSmoother(const LandmarksSmootherOptions& options = PoseLandmarkSmoothing())
      : options_(options), visibility_(options.visibility_alpha) {}

  // `landmarks` normalized to an image of the given size (for world landmarks pass 1 x 1).
  // `object_scale` in pixels; when absent, the mean side of the landmarks' bounding box.
  // An empty list resets the filters (tracking lost), as MediaPipe does.
  Landmarks Apply(const Landmarks& landmarks, int image_width, int image_height,
                  int64_t timestamp_us, std::optional<float> object_scale = std::nullopt);
  void Reset();

 private:
  LandmarksSmootherOptions options_;
  VisibilitySmoother visibility_;
  std::vector<OneEuroFilter> x_, y_, z_;
};

// MediaPipe's object scale of a rect: mean of its width and height in pixels.
float ObjectScale(const NormalizedRect& rect, int image_width, int image_height);

}  // namespace edgepose::pose
