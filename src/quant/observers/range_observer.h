// Range observers: turn the values an activation tensor takes over the calibration inputs into
// one [min, max] range, from which quant_params.h chooses scale and zero point.
//
// - min/max: the running extremes (TFLite's post-training calibrator default).
// - EMA: the first batch sets the range, every later batch moves it by
//   range = decay * range + (1 - decay) * batch_range (decay 0.95, as TensorFlow's
//   MovingAverageQuantize), so a few outlier inputs do not stretch the scale.
// - percentile: per batch, the P-th and (100-P)-th percentiles of the values (exact order
//   statistics, linear interpolation between ranks as numpy's default); the batch ranges are
//   averaged over the batches. Clips rare outliers inside one input.
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
  explicit PercentileObserver(double percentile = kDefaultPercentile) : percentile_(percentile) {}
  void Observe(const float* values, size_t count) override;
  bool ObserveIfFinite(const float* values, size_t count) override;  // one pass: the tail scan checks

 private:
  void Add(Range tails);
  double percentile_;
  double sum_min_ = 0.0, sum_max_ = 0.0;
  Range thresholds_;  // PercentileTails' guess for the next batch
};

// The p-th percentile (0..100) of values, numpy's "linear" method.
float Percentile(const float* values, size_t count, double p);

// {Percentile(100 - p), Percentile(p)}, the same values, from one pass over the data when p is in
// a far tail (calibration's 99.99): one pass keeps every value beyond a pair of thresholds (plus a
// count of ties) and only those few are ordered. The thresholds come from `thresholds` when it
// holds a guess (min < max; PercentileObserver passes the previous batch's), else from a strided
// sample; on return it holds the guess for the next batch of the same tensor. A guess that leaves
// too few or too many values beyond is retried with the sample's, then Percentile() is used.
// With `finite`, NaN and infinity are checked on the way (the result is then only meaningful when
// *finite comes back true); without it the values must be finite.
Range PercentileTails(const float* values, size_t count, double p, Range* thresholds = nullptr,
                      bool* finite = nullptr);

struct ObserverOptions {
  CalibrationMethod method = CalibrationMethod::kMinMax;
  double percentile = PercentileObserver::kDefaultPercentile;
  float ema_decay = EmaObserver::kDefaultDecay;
  int bits = 8;  // the activation grid mse optimises for: 8 (asymmetric) or 16 (symmetric)
};
std::unique_ptr<RangeObserver> MakeObserver(const ObserverOptions& options);

}  // namespace edgepose::quant
