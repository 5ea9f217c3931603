#include "quant/observers/range_observer.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <cmath>
#include <utility>
#include <vector>

#include "quant/observers/mse_observer.h"
#include "quant/observers/value_scan.h"

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
Range BatchRange(const float* values, size_t count) { return MinMaxOf(values, count); }
}  // namespace

bool RangeObserver::ObserveIfFinite(const float* values, size_t count) {
  if (!AllFinite(values, count)) return false;
  Observe(values, count);
  return true;
}

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

namespace {

// Where numpy's linear percentile p of `count` values sits: between the order statistics
// `below` and `above` (ascending ranks), `fraction` of the way.
struct Rank {
  size_t below = 0, above = 0;
  double fraction = 0.0;
};

Rank RankOf(size_t count, double p) {
  Rank r;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(count - 1);
  r.below = static_cast<size_t>(std::floor(rank));
  r.fraction = rank - static_cast<double>(r.below);
  r.above = r.below + 1 < count ? r.below + 1 : r.below;
  return r;
}

float Interpolate(double low, double high, double fraction) {
  return fraction == 0.0 ? static_cast<float>(low) : static_cast<float>(low + fraction * (high - low));
}

}  // namespace

float Percentile(const float* values, size_t count, double p) {
  if (count == 0) return 0.f;
  const Rank r = RankOf(count, p);
  double low = 0.0, high = 0.0;
  // Calibration asks for the far tails (99.99 %): the few order statistics needed sit near one
  // end, so a bounded heap over one pass (partial_sort_copy) finds them without reordering or
  // copying the whole tensor. Elsewhere, select in a copy.
  const size_t from_top = count - 1 - r.below;  // descending index of `below`
  if (r.above + 1 <= count / 16) {
    std::vector<float> smallest(r.above + 1);
    std::partial_sort_copy(values, values + count, smallest.begin(), smallest.end());
    low = smallest[r.below];
    high = smallest[r.above];
  } else if (from_top + 1 <= count / 16) {
    std::vector<float> largest(from_top + 1);
    std::partial_sort_copy(values, values + count, largest.begin(), largest.end(), std::greater<float>());
    low = largest[from_top];
    high = largest[count - 1 - r.above];
  } else {
    std::vector<float> copy(values, values + count);
    std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(r.below), copy.end());
    low = copy[r.below];
    high = r.above == r.below ? low
                              : *std::min_element(copy.begin() + static_cast<std::ptrdiff_t>(r.above), copy.end());
  }
  return Interpolate(low, high, r.fraction);
}

namespace {

constexpr size_t kSampleSize = 8192;

size_t NextPrime(size_t n) {
  if (n <= 2) return 2;
  for (size_t candidate = n | 1;; candidate += 2) {
    bool prime = true;
    for (size_t d = 3; d * d <= candidate && prime; d += 2) prime = candidate % d != 0;
    if (prime) return candidate;
  }
}

// Thresholds from a strided sample, set so that about twice the needed values lie beyond. The
// stride is prime: a power-of-two stride over an NHWC tensor would sample one channel only.
// nullopt when the sample holds a NaN or infinity.
std::optional<Range> SampleThresholds(const float* values, size_t count, size_t needed) {
  const size_t stride = NextPrime(count / kSampleSize);
  std::vector<float> sample(count / stride);
  for (size_t i = 0; i < sample.size(); ++i) sample[i] = values[i * stride];
  if (!AllFinite(sample.data(), sample.size())) return std::nullopt;
  const size_t margin = std::min(sample.size() - 1, 2 * (needed * sample.size() / count) + 4);
  const auto at = sample.begin() + static_cast<std::ptrdiff_t>(margin);
  std::nth_element(sample.begin(), at, sample.end(), std::greater<float>());
  const float high = *at;
  std::nth_element(sample.begin(), at, sample.end());
  return Range{*at, high};
}

// Keeps the `keep` values of `pool` farthest toward the end `Farther` points to, the nearest of
// them last (pool[keep - 1]); unchanged when it holds fewer.
template <class Farther>
void KeepFarthest(std::vector<float>& pool, size_t keep) {
  if (keep == 0 || pool.size() < keep) return;
  std::nth_element(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(keep - 1), pool.end(), Farther());
  pool.resize(keep);
}

// The `d`-th value from the end `Farther` points to (d = 0 the extreme); `pool` is reordered.
template <class Farther>
double FromEnd(std::vector<float>& pool, size_t d) {
  d = std::min(d, pool.size() - 1);
  std::nth_element(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(d), pool.end(), Farther());
  return pool[d];
}

}  // namespace

PercentileObserver::PercentileObserver(double percentile, int expected_batches)
    : high_p_(std::max(percentile, 100.0 - percentile)), expected_batches_(std::max(expected_batches, 1)) {}

// Pooled order statistics: the percentile's two neighbouring ranks over all values, counted from
// each end. The pools must reach the deepest of them.
size_t PercentileObserver::DepthFor(size_t total) const {
  const Rank hi = RankOf(total, high_p_), lo = RankOf(total, 100.0 - high_p_);
  return std::max(total - hi.below, lo.above + 1);
}

void PercentileObserver::Observe(const float* values, size_t count) { ObserveChecked(values, count, false); }

bool PercentileObserver::ObserveIfFinite(const float* values, size_t count) {
  return ObserveChecked(values, count, true);
}

bool PercentileObserver::ObserveChecked(const float* values, size_t count, bool check_finite) {
  if (count == 0) return true;
  // Sized for the whole calibration set (this tensor has the same size in every input).
  const size_t batches_left = static_cast<size_t>(std::max<int64_t>(expected_batches_ - batches_, 1));
  depth_ = std::max(depth_, DepthFor(total_ + count * batches_left));
  // Until the pools hold depth_ values each, every value seen so far is kept (none may be dropped
  // yet); more inputs than announced can raise depth_ past what the pools kept (approximate then).
  pools_hold_depth_ = pools_hold_depth_ && low_pool_.size() >= depth_ && high_pool_.size() >= depth_;
  std::vector<float> low, high;
  bool found = false;
  if (pools_hold_depth_) {
    // Only values strictly beyond the thresholds can enter the pools (one equal to a threshold
    // leaves every order statistic the pools hold unchanged).
    TailScan scan;
    ScanBeyond(values, count, thresholds_.min, thresholds_.max, &scan);
    if (check_finite && scan.non_finite) return false;
    low = std::move(scan.low_beyond);
    high = std::move(scan.high_beyond);
    found = true;
  } else if (count >= 4 * kSampleSize && depth_ <= count / 64) {
    // The first input: a strided sample guesses where its `depth_` extremes start; one pass keeps
    // everything beyond (ties materialized), else the exact selection below.
    std::optional<Range> guess = SampleThresholds(values, count, depth_);
    if (!guess && check_finite) return false;
    TailScan scan;
    if (guess && ScanTails(values, count, guess->min, guess->max, count / 32, &scan) &&
        scan.low_beyond.size() + scan.low_ties >= depth_ && scan.high_beyond.size() + scan.high_ties >= depth_) {
      low = std::move(scan.low_beyond);
      high = std::move(scan.high_beyond);
      low.resize(std::max(low.size(), depth_), guess->min);
      high.resize(std::max(high.size(), depth_), guess->max);
      found = true;
    } else if (check_finite && scan.non_finite) {
      return false;
    }
  }
  if (!found) {
    if (check_finite && !AllFinite(values, count)) return false;
    high.assign(values, values + count);  // one copy: the smallest `keep` move to the front first
    const size_t keep = std::min(depth_, high.size());
    std::nth_element(high.begin(), high.begin() + static_cast<std::ptrdiff_t>(keep - 1), high.end());
    low.assign(high.begin(), high.begin() + static_cast<std::ptrdiff_t>(keep));
    KeepFarthest<std::greater<float>>(high, depth_);
  }
  low_pool_.insert(low_pool_.end(), low.begin(), low.end());
  high_pool_.insert(high_pool_.end(), high.begin(), high.end());
  total_ += count;
  ++batches_;
  // Trimmed to depth_ (then the thresholds move in to the pools' deepest values) only once a pool
  // doubled: one selection per depth_ new values, not one per input.
  if (!pools_hold_depth_ || low_pool_.size() > 2 * depth_ || high_pool_.size() > 2 * depth_) {
    KeepFarthest<std::less<float>>(low_pool_, depth_);
    KeepFarthest<std::greater<float>>(high_pool_, depth_);
    pools_hold_depth_ = low_pool_.size() >= depth_ && high_pool_.size() >= depth_;
    if (pools_hold_depth_) thresholds_ = {low_pool_[depth_ - 1], high_pool_[depth_ - 1]};
  }
  return true;
}

Range PercentileObserver::range() const {
  if (batches_ == 0) return {};
  const Rank hi = RankOf(total_, high_p_), lo = RankOf(total_, 100.0 - high_p_);
  return {Interpolate(FromEnd<std::less<float>>(low_pool_, lo.below), FromEnd<std::less<float>>(low_pool_, lo.above),
                      lo.fraction),
          Interpolate(FromEnd<std::greater<float>>(high_pool_, total_ - 1 - hi.below),
                      FromEnd<std::greater<float>>(high_pool_, total_ - 1 - hi.above), hi.fraction)};
}

std::unique_ptr<RangeObserver> MakeObserver(const ObserverOptions& options) {
  switch (options.method) {
    case CalibrationMethod::kEma: return std::make_unique<EmaObserver>(options.ema_decay);
    case CalibrationMethod::kPercentile:
      return std::make_unique<PercentileObserver>(options.percentile, options.expected_batches);
    case CalibrationMethod::kMse: return std::make_unique<MseObserver>(options.bits);
    case CalibrationMethod::kMinMax: break;
  }
  return std::make_unique<MinMaxObserver>();
}

}  // namespace edgepose::quant
