#include "pose/filters/one_euro_filter.h"

#include <cmath>

namespace edgepose::pose {

OneEuroFilter::OneEuroFilter(const OneEuroOptions& options)
    : options_(options), frequency_(options.frequency) {
  Reset();
}

void OneEuroFilter::Reset() {
  frequency_ = options_.frequency;
  x_ = LowPassFilter(static_cast<float>(Alpha(options_.min_cutoff)));
  dx_ = LowPassFilter(static_cast<float>(Alpha(options_.derivative_cutoff)));
  last_time_ns_ = 0;
}

double OneEuroFilter::Alpha(double cutoff) const {
  const double te = 1.0 / frequency_;
  const double tau = 1.0 / (2 * M_PI * cutoff);
  return 1.0 / (1.0 + tau / te);
}

double OneEuroFilter::Apply(int64_t timestamp_us, double value_scale, double value) {
  const int64_t now_ns = timestamp_us * 1000;
  if (last_time_ns_ >= now_ns) return value;
  if (last_time_ns_ != 0 && now_ns != 0) frequency_ = 1.0 / ((now_ns - last_time_ns_) * 1e-9);
  last_time_ns_ = now_ns;

  const double speed =
      x_.HasLastRawValue() ? (value - x_.LastRawValue()) * value_scale * frequency_ : 0.0;
  const double smoothed_speed =
      dx_.ApplyWithAlpha(static_cast<float>(speed),
                         static_cast<float>(Alpha(options_.derivative_cutoff)));
  const double cutoff = options_.min_cutoff + options_.beta * std::fabs(smoothed_speed);
  return x_.ApplyWithAlpha(static_cast<float>(value), static_cast<float>(Alpha(cutoff)));
}

}  // namespace edgepose::pose
