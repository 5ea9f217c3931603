// Exponential low-pass filter, as mediapipe/util/filtering/low_pass_filter.cc: the first value
// passes through, then y = alpha * x + (1 - alpha) * y_prev. Kept in float like MediaPipe's.
#pragma once

namespace edgepose::pose {

class LowPassFilter {
 public:
  explicit LowPassFilter(float alpha = 1.0f) : alpha_(alpha) {}

  float Apply(float value);
  float ApplyWithAlpha(float value, float alpha);
  void Reset() { initialized_ = false; }

  bool HasLastRawValue() const { return initialized_; }
  float LastRawValue() const { return raw_value_; }
  float LastValue() const { return stored_value_; }

 private:
  float alpha_;
  bool initialized_ = false;
  float raw_value_ = 0.0f;
  float stored_value_ = 0.0f;
};

}  // namespace edgepose::pose
