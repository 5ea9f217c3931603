// One Euro filter (Casiez et al. 2012) exactly as mediapipe/util/filtering/one_euro_filter.cc:
// the cutoff grows with the smoothed speed, cutoff = min_cutoff + beta * |dx/dt|, where the
// speed is measured on value * value_scale (MediaPipe passes 1 / object size so the filter
// behaves the same for near and far people). Timestamps are microseconds; a timestamp not
// after the previous one returns the value unfiltered and leaves the state alone.
#pragma once

#include <cstdint>

#include "pose/filters/low_pass_filter.h"

namespace edgepose::pose {

struct OneEuroOptions {
  double frequency = 30.0;  // landmarks_smoothing_calculator.proto default, until timestamps tell
  double min_cutoff = 0.05;  // pose_landmark_filtering.pbtxt (pose landmarks)
  double beta = 80.0;
  double derivative_cutoff = 1.0;
};

class OneEuroFilter {
 public:
  explicit OneEuroFilter(const OneEuroOptions& options = {});

  double Apply(int64_t timestamp_us, double value_scale, double value);
  void Reset();

 private:
  double Alpha(double cutoff) const;

  OneEuroOptions options_;
  double frequency_;
  LowPassFilter x_;
  LowPassFilter dx_;
  int64_t last_time_ns_ = 0;
};

}  // namespace edgepose::pose
