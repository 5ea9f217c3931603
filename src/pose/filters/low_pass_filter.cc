#include "pose/filters/low_pass_filter.h"

namespace edgepose::pose {

float LowPassFilter::Apply(float value) {
  // Same mixed float/double arithmetic as MediaPipe (1.0 is a double there).
  const float result = initialized_
                           ? static_cast<float>(alpha_ * value + (1.0 - alpha_) * stored_value_)
                           : value;
  initialized_ = true;
  raw_value_ = value;
  stored_value_ = result;
  return result;
}

float LowPassFilter::ApplyWithAlpha(float value, float alpha) {
  // MediaPipe ignores an alpha outside [0, 1] and keeps the previous one.
  if (alpha >= 0.0f && alpha <= 1.0f) alpha_ = alpha;
  return Apply(value);
}

}  // namespace edgepose::pose
