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

// One tail, seen from its own end: `beyond` holds every value strictly past `threshold` (in any
// order), `ties` counts the values equal to it. The d-th value from the end (d = 0 the extreme)
// is known when d < beyond.size() + ties.
struct Tail {
  float threshold = 0.f;
  std::vector<float> beyond;
  size_t ties = 0;
};

// Descending index `d` of the high tail (or ascending of the low tail, with `Farther` = less).
template <class Farther>
bool TailValue(Tail& tail, size_t d, double* value) {
  if (d < tail.beyond.size()) {
    std::nth_element(tail.beyond.begin(), tail.beyond.begin() + static_cast<std::ptrdiff_t>(d), tail.beyond.end(),
                     Farther());
    *value = tail.beyond[d];
    return true;
  }
  if (d < tail.beyond.size() + tail.ties) {
    *value = tail.threshold;
    return true;
  }
  return false;
}

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

bool CollectTails(const float* values, size_t count, Range thresholds, size_t max_beyond, Tail* low, Tail* high,
                  bool* non_finite) {
  TailScan scan;
  const bool complete = ScanTails(values, count, thresholds.min, thresholds.max, max_beyond, &scan);
  *non_finite = scan.non_finite;
  if (!complete) return false;
  *low = Tail{thresholds.min, std::move(scan.low_beyond), scan.low_ties};
  *high = Tail{thresholds.max, std::move(scan.high_beyond), scan.high_ties};
  return true;
}

// The threshold to try on the next batch: the value `depth` in from the end of this tail, so that
// a similar batch leaves about `depth` values beyond it (the current one when too few are known).
template <class Farther>
float NextThreshold(Tail& tail, size_t depth) {
  if (tail.beyond.size() <= depth) return tail.threshold;
  std::nth_element(tail.beyond.begin(), tail.beyond.begin() + static_cast<std::ptrdiff_t>(depth), tail.beyond.end(),
                   Farther());
  return tail.beyond[depth];
}

}  // namespace

Range PercentileTails(const float* values, size_t count, double p, Range* thresholds, bool* finite) {
  const double high_p = std::max(p, 100.0 - p);
  const Rank hi = RankOf(count, high_p), lo = RankOf(count, 100.0 - high_p);
  const size_t needed = count - hi.below;  // values the high tail needs, from the top; the low tail mirrors it
  auto separately = [&]() -> Range {
    if (thresholds) *thresholds = {};
    if (finite && !(*finite = AllFinite(values, count))) return {};
    const float a = Percentile(values, count, 100.0 - p), b = Percentile(values, count, p);
    return {std::min(a, b), std::max(a, b)};
  };
  if (count < 4 * kSampleSize || needed > count / 64) return separately();
  // A guess that leaves this many values beyond a threshold is abandoned mid-pass.
  const size_t max_beyond = count / 32;
  Tail low, high;
  double hb, ha, lb, la;
  auto pick = [&]() {
    return TailValue<std::greater<float>>(high, count - 1 - hi.below, &hb) &&
           TailValue<std::greater<float>>(high, count - 1 - hi.above, &ha) &&
           TailValue<std::less<float>>(low, lo.below, &lb) && TailValue<std::less<float>>(low, lo.above, &la);
  };
  // The previous batch's thresholds first (no sampling), then the sample's. A scan that met a NaN
  // or infinity ends it (nth_element must not see one: the sample is checked first).
  bool non_finite = false;
  const auto stop = [&] {
    if (thresholds) *thresholds = {};
    *finite = false;
    return Range{};
  };
  const bool hinted = thresholds != nullptr && thresholds->min < thresholds->max;
  bool found = hinted && CollectTails(values, count, *thresholds, max_beyond, &low, &high, &non_finite) && pick();
  if (finite && non_finite) return stop();
  if (!found) {
    std::optional<Range> sampled = SampleThresholds(values, count, needed);
    if (!sampled) {
      if (finite) return stop();
      return separately();
    }
    found = CollectTails(values, count, *sampled, max_beyond, &low, &high, &non_finite) && pick();
    if (finite && non_finite) return stop();
  }
  if (!found) return separately();
  if (finite) *finite = true;  // a complete scan saw every value
  if (thresholds)
    *thresholds = {NextThreshold<std::less<float>>(low, 4 * needed), NextThreshold<std::greater<float>>(high, 4 * needed)};
  return {Interpolate(lb, la, lo.fraction), Interpolate(hb, ha, hi.fraction)};
}

void PercentileObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  Add(PercentileTails(values, count, percentile_, &thresholds_));
}

bool PercentileObserver::ObserveIfFinite(const float* values, size_t count) {
  if (count == 0) return true;
  bool finite = false;
  const Range tails = PercentileTails(values, count, percentile_, &thresholds_, &finite);
  if (finite) Add(tails);
  return finite;
}

void PercentileObserver::Add(Range tails) {
  sum_min_ += tails.min;
  sum_max_ += tails.max;
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
