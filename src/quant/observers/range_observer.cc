#include "quant/observers/range_observer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "quant/observers/mse_observer.h"

namespace edgepose::quant {

Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name) {
  if (name == "minmax") return CalibrationMethod::kMinMax;
  if (name == "ema") return CalibrationMethod::kEma;
  if (name == "percentile") return CalibrationMethod::kPercentile;
  if (name == "mse") return CalibrationMethod::kMse;
  return MakeError("calibration method '" + name + "': expected minmax, ema, percentile or mse");
}

const char* CalibrationMethodName(CalibrationMethod method) {
  switch (method) {
    case CalibrationMethod::kMinMax: return "minmax";
    case CalibrationMethod::kEma: return "ema";
    case CalibrationMethod::kPercentile: return "percentile";
    case CalibrationMethod::kMse: return "mse";
  }
  return "unknown";
}

namespace {
Range BatchRange(const float* values, size_t count) {
  const auto [lo, hi] = std::minmax_element(values, values + count);
  return {*lo, *hi};
}
}  // namespace

void MinMaxObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  const Range batch = BatchRange(values, count);
  if (batches_ == 0) {
    range_ = batch;
  } else {
    range_.min = std::min(range_.min, batch.min);
    range_.max = std::max(range_.max, batch.max);
  }
  ++batches_;
}

void EmaObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  const Range batch = BatchRange(values, count);
  if (batches_ == 0) {
    range_ = batch;
  } else {
    range_.min = decay_ * range_.min + (1.f - decay_) * batch.min;
    range_.max = decay_ * range_.max + (1.f - decay_) * batch.max;
  }
  ++batches_;
}

float Percentile(float* values, size_t count, double p) {
  if (count == 0) return 0.f;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(count - 1);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const double fraction = rank - static_cast<double>(below);
  std::nth_element(values, values + below, values + count);
  const double low = values[below];
  if (fraction == 0.0 || below + 1 >= count) return static_cast<float>(low);
  // The next order statistic is the minimum of the part after `below`.
  const double high = *std::min_element(values + below + 1, values + count);
  return static_cast<float>(low + fraction * (high - low));
}

void PercentileObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  std::vector<float> scratch(values, values + count);
  const float hi = Percentile(scratch.data(), count, percentile_);
  const float lo = Percentile(scratch.data(), count, 100.0 - percentile_);
  sum_min_ += lo;
  sum_max_ += hi;
  ++batches_;
  range_ = {static_cast<float>(sum_min_ / static_cast<double>(batches_)),
            static_cast<float>(sum_max_ / static_cast<double>(batches_))};
}

std::unique_ptr<RangeObserver> MakeObserver(const ObserverOptions& options) {
  switch (options.method) {
    case CalibrationMethod::kEma: return std::make_unique<EmaObserver>(options.ema_decay);
    case CalibrationMethod::kPercentile: return std::make_unique<PercentileObserver>(options.percentile);
    case CalibrationMethod::kMse: return std::make_unique<MseObserver>(options.bits);
    case CalibrationMethod::kMinMax: break;
  }
  return std::make_unique<MinMaxObserver>();
}

}  // namespace edgepose::quant
