#include "pose/filters/landmarks_smoother.h"

#include <algorithm>

namespace edgepose::pose {

LandmarksSmootherOptions PoseLandmarkSmoothing() { return {}; }

LandmarksSmootherOptions AuxiliaryLandmarkSmoothing() {
  LandmarksSmootherOptions options;
  options.one_euro.min_cutoff = 0.01;
  options.one_euro.beta = 10.0;
  return options;
}

LandmarksSmootherOptions WorldLandmarkSmoothing() {
  LandmarksSmootherOptions options;
  options.one_euro.min_cutoff = 0.1;
  options.one_euro.beta = 40.0;
  options.disable_value_scaling = true;
  return options;
}

float ObjectScale(const NormalizedRect& rect, int image_width, int image_height) {
  return (rect.width * image_width + rect.height * image_height) / 2.0f;
}

Landmarks VisibilitySmoother::Apply(const Landmarks& landmarks) {
  if (filters_.size() != landmarks.size()) filters_.assign(landmarks.size(), LowPassFilter(alpha_));
  Landmarks out = landmarks;
  for (size_t i = 0; i < out.size(); ++i) out[i].visibility = filters_[i].Apply(out[i].visibility);
  return out;
}

void LandmarksSmoother::Reset() {
  visibility_.Reset();
  x_.clear();
  y_.clear();
  z_.clear();
}

Landmarks LandmarksSmoother::Apply(const Landmarks& landmarks, int image_width, int image_height,
                                   int64_t timestamp_us, std::optional<float> object_scale) {
  if (landmarks.empty()) {
    Reset();
    return {};
  }
  // Visibility is smoothed by its own calculator upstream, whatever happens to x, y, z.
  const Landmarks with_smoothed_visibility = visibility_.Apply(landmarks);
  Landmarks out = with_smoothed_visibility;
  const float w = static_cast<float>(image_width);
  const float h = static_cast<float>(image_height);
  for (Landmark& lm : out) {
    lm.x *= w;
    lm.y *= h;
    lm.z *= w;
  }
  double value_scale = 1.0;
  if (!options_.disable_value_scaling) {
    float scale = 0.0f;
    if (object_scale) {
      scale = *object_scale;
    } else {
      auto [min_x, max_x] = std::minmax_element(out.begin(), out.end(),
                                                [](auto& a, auto& b) { return a.x < b.x; });
      auto [min_y, max_y] = std::minmax_element(out.begin(), out.end(),
                                                [](auto& a, auto& b) { return a.y < b.y; });
      scale = ((max_x->x - min_x->x) + (max_y->y - min_y->y)) / 2.0f;
    }
    // Too small an object: MediaPipe returns the landmarks unfiltered (filters untouched).
    if (!(scale >= options_.min_allowed_object_scale)) return with_smoothed_visibility;
    value_scale = 1.0 / scale;
  }
  if (x_.size() != out.size()) {
    x_.assign(out.size(), OneEuroFilter(options_.one_euro));
    y_.assign(out.size(), OneEuroFilter(options_.one_euro));
    z_.assign(out.size(), OneEuroFilter(options_.one_euro));
  }
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].x = static_cast<float>(x_[i].Apply(timestamp_us, value_scale, out[i].x)) / w;
    out[i].y = static_cast<float>(y_[i].Apply(timestamp_us, value_scale, out[i].y)) / h;
    out[i].z = static_cast<float>(z_[i].Apply(timestamp_us, value_scale, out[i].z)) / w;
  }
  return out;
}

}  // namespace edgepose::pose
