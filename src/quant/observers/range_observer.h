// Range observers: turn the values an activation tensor takes over the calibration inputs into
// one [min, max] range, from which quant_params.h chooses scale and zero point.
//
// - min/max: the running extremes (TFLite's post-training calibrator default).
// - EMA: the first batch sets the range, every later batch moves it by
//   range = decay * range + (1 - decay) * batch_range (decay 0.95, as TensorFlow's
//   MovingAverageQuantize), so a few outlier inputs do not stretch the scale.
// - percentile: the P-th and (100-P)-th percentiles of all values of all batches together (exact
//   order statistics, linear interpolation between ranks as numpy's default), as TensorRT's and
//   PyTorch's histogram calibrators pool every batch. Clips the rarest values, whichever input
//   holds them. (Averaging each input's own percentiles instead, as this observer once did, fits
//   the ranges to a typical calibration input: pose_landmark_full int8 calibrated on video crops
//   erred 5.9 px on the pose-eval photos, pooled 3.9 px; docs/quantization.md.)
// - mse: a histogram of all values, range chosen to minimise the expected quantization error
//   (rounding + clipping) for the target grid (mse_observer.h).
// One batch = one tensor of one calibration input. Non-finite values are reported by the
// caller (calibrator.cc), never folded into a range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "edgepose/status.h"

namespace edgepose::quant {

struct Range {
  float min = 0.f;
  float max = 0.f;
};

enum class CalibrationMethod { kMinMax, kEma, kPercentile, kMse };
Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name);  // minmax|ema|percentile|mse
const char* CalibrationMethodName(CalibrationMethod method);

class RangeObserver {
 public:
  virtual ~RangeObserver() = default;
  // One batch of finite values (count > 0).
  virtual void Observe(const float* values, size_t count) = 0;
  // One batch of any values: false, and nothing observed, when one is NaN or infinite.
  virtual bool ObserveIfFinite(const float* values, size_t count);
  bool has_range() const { return batches_ > 0; }
  virtual Range range() const { return range_; }
  int64_t batches() const { return batches_; }

 protected:
  Range range_;
  int64_t batches_ = 0;
};

class MinMaxObserver final : public RangeObserver {
 public:
  void Observe(const float* values, size_t count) override;
};

class EmaObserver final : public RangeObserver {
 public:
  static constexpr float kDefaultDecay = 0.95f;
  explicit EmaObserver(float decay = kDefaultDecay) : decay_(decay) {}
  void Observe(const float* values, size_t count) override;

 private:
  float decay_;
};

class PercentileObserver final : public RangeObserver {
 public:
  static constexpr double kDefaultPercentile = 99.99;
  // Exact while at most `expected_batches` batches of one size arrive (the pools are sized for
  // them); with more, the deeper ranks they need come from the pools' ends (an approximation).
  explicit PercentileObserver(double percentile = kDefaultPercentile, int expected_batches = 1);
  void Observe(const float* values, size_t count) override;
  bool ObserveIfFinite(const float* values, size_t count) override;  // one pass: the tail scan checks
  Range range() const override;

 private:
  bool ObserveChecked(const float* values, size_t count, bool check_finite);
  size_t DepthFor(size_t total) const;
  double high_p_;
  int expected_batches_;
  size_t total_ = 0;  // values observed
  size_t depth_ = 0;  // order statistics each pool must hold, from its end
  // The depth_ (up to 2 x depth_ between trims) smallest and largest values observed; reordered
  // by range().
  mutable std::vector<float> low_pool_, high_pool_;
  bool pools_hold_depth_ = false;
  Range thresholds_;  // once the pools hold depth_: their depth_-th values (only values beyond enter)
};

// The p-th percentile (0..100) of values, numpy's "linear" method.
float Percentile(const float* values, size_t count, double p);

struct ObserverOptions {
  CalibrationMethod method = CalibrationMethod::kMinMax;
  double percentile = PercentileObserver::kDefaultPercentile;
  float ema_decay = EmaObserver::kDefaultDecay;
  int bits = 8;  // the activation grid mse optimises for: 8 (asymmetric) or 16 (symmetric)
  int expected_batches = 1;  // percentile: calibration inputs to come (sizes its pools)
};
std::unique_ptr<RangeObserver> MakeObserver(const ObserverOptions& options);

}  // namespace edgepose::quant
