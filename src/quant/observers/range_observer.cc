#include "quant/observers/range_observer.h"

#include <algorithm>
#include <functional>
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

float Percentile(const float* values, size_t count, double p) {
  if (count == 0) return 0.f;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(count - 1);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const double fraction = rank - static_cast<double>(below);
  const size_t above = below + 1 < count ? below + 1 : below;  // the next order statistic
  double low = 0.0, high = 0.0;
  // Calibration asks for the far tails (99.99 %): the few order statistics needed sit near one
  // end, so a bounded heap over one pass (partial_sort_copy) finds them without reordering or
  // copying the whole tensor. Elsewhere, select in a copy.
  const size_t from_top = count - 1 - below;  // descending index of `below`
  if (above + 1 <= count / 16) {
    std::vector<float> smallest(above + 1);
    std::partial_sort_copy(values, values + count, smallest.begin(), smallest.end());
    low = smallest[below];
    high = smallest[above];
  } else if (from_top + 1 <= count / 16) {
    std::vector<float> largest(from_top + 1);
    std::partial_sort_copy(values, values + count, largest.begin(), largest.end(), std::greater<float>());
    low = largest[from_top];
    high = largest[count - 1 - above];
  } else {
    std::vector<float> copy(values, values + count);
    std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(below), copy.end());
    low = copy[below];
    high = above == below ? low : *std::min_element(copy.begin() + static_cast<std::ptrdiff_t>(above), copy.end());
  }
  if (fraction == 0.0) return static_cast<float>(low);
  return static_cast<float>(low + fraction * (high - low));
}

void PercentileObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  const float hi = Percentile(values, count, percentile_);
  const float lo = Percentile(values, count, 100.0 - percentile_);
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
