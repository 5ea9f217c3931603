#include "quant/observers/mse_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgepose::quant {

namespace {
// Smallest power of two >= x (x > 0).
double PowerOfTwoAtLeast(double x) { return std::ldexp(1.0, static_cast<int>(std::ceil(std::log2(x)))); }
constexpr double kMinHalfWidth = 1.0 / (1 << 20);  // an all-zero tensor still gets a histogram
}  // namespace

int MseObserver::BinOf(double value) const {
  const double position = (value + half_width_) / (2.0 * half_width_) * kBins;
  return std::clamp(static_cast<int>(std::floor(position)), 0, kBins - 1);
}

void MseObserver::Observe(const float* values, size_t count) {
  if (count == 0) return;
  const auto [lo_it, hi_it] = std::minmax_element(values, values + count);
  const double lo = *lo_it, hi = *hi_it;
  const double max_abs = std::max({std::fabs(lo), std::fabs(hi), kMinHalfWidth});
  if (batches_ == 0) {
    half_width_ = PowerOfTwoAtLeast(max_abs);
    counts_.assign(kBins, 0);
    seen_min_ = lo;
    seen_max_ = hi;
  } else {
    seen_min_ = std::min(seen_min_, lo);
    seen_max_ = std::max(seen_max_, hi);
  }
  while (max_abs > half_width_) {
    // [-R, R] -> [-2R, 2R]: old bin i lies in new bin (kBins / 2 + i) / 2, both halves of it.
    std::vector<uint64_t> merged(kBins, 0);
    for (int i = 0; i < kBins; ++i) merged[(kBins / 2 + i) / 2] += counts_[i];
    counts_ = std::move(merged);
    half_width_ *= 2.0;
  }
  for (size_t i = 0; i < count; ++i) ++counts_[BinOf(values[i])];
  ++batches_;
}

MseObserver::PrefixSums MseObserver::MakeSums() const {
  PrefixSums sums{std::vector<double>(kBins + 1, 0.0), std::vector<double>(kBins + 1, 0.0),
                  std::vector<double>(kBins + 1, 0.0)};
  for (int k = 0; k < kBins; ++k) {
    const double n = static_cast<double>(counts_[k]), c = BinCenter(k);
    sums.n[k + 1] = sums.n[k] + n;
    sums.c[k + 1] = sums.c[k] + n * c;
    sums.c2[k + 1] = sums.c2[k] + n * c * c;
  }
  return sums;
}

// Total squared error (not yet divided by the count) of the grid over [Edge(lo), Edge(hi)]:
// bins below lo clip to Edge(lo), bins from hi up clip to Edge(hi), the rest round.
double MseObserver::CandidateError(const PrefixSums& sums, int lo_edge, int hi_edge) const {
  const double a = Edge(lo_edge), b = Edge(hi_edge);
  const double steps = bits_ == 16 ? 65534.0 : 255.0;
  const double step = (b - a) / steps;
  const double n_below = sums.n[lo_edge], c_below = sums.c[lo_edge], c2_below = sums.c2[lo_edge];
  const double n_above = sums.n[kBins] - sums.n[hi_edge];
  const double c_above = sums.c[kBins] - sums.c[hi_edge], c2_above = sums.c2[kBins] - sums.c2[hi_edge];
  const double n_inside = sums.n[hi_edge] - sums.n[lo_edge];
  const double clip_below = a * a * n_below - 2.0 * a * c_below + c2_below;
  const double clip_above = b * b * n_above - 2.0 * b * c_above + c2_above;
  return std::max(0.0, clip_below) + std::max(0.0, clip_above) + n_inside * step * step / 12.0;
}

double MseObserver::ExpectedError(double lo, double hi) const {
  if (batches_ == 0) return 0.0;
  const PrefixSums sums = MakeSums();
  auto edge_index = [&](double x) {
    return std::clamp(static_cast<int>(std::lround((x + half_width_) / (2.0 * half_width_) * kBins)), 0, kBins);
  };
  return CandidateError(sums, edge_index(lo), edge_index(hi)) / std::max(1.0, sums.n[kBins]);
}

Range MseObserver::range() const {
  if (batches_ == 0) return {};
  const PrefixSums sums = MakeSums();
  constexpr int kZero = kBins / 2;  // Edge(kZero) == 0: the grid always contains 0
  int first = 0, last = kBins;      // edges just outside the occupied bins
  while (first < kZero && counts_[first] == 0) ++first;
  while (last > kZero && counts_[last - 1] == 0) --last;
  const bool symmetric = bits_ == 16;
  // Candidates: lower edge in [first, kZero], upper edge in [kZero, last] (the mirrored pair
  // when symmetric), coarse then fine.
  double best = std::numeric_limits<double>::infinity();
  int best_lo = first, best_hi = last;
  auto consider = [&](int lo, int hi) {
    const double error = CandidateError(sums, lo, hi);
    if (error < best) best = error, best_lo = lo, best_hi = hi;
  };
  if (symmetric) {
    const int reach = std::max(kZero - first, last - kZero);
    for (int t = 1; t <= reach; ++t) consider(kZero - t, kZero + t);
  } else {
    constexpr int kCoarse = 256;
    const int lo_stride = std::max(1, (kZero - first) / kCoarse), hi_stride = std::max(1, (last - kZero) / kCoarse);
    for (int lo = first; lo <= kZero; lo += lo_stride)
      for (int hi = last; hi >= kZero; hi -= hi_stride) consider(lo, hi);
    consider(first, last);
    const int center_lo = best_lo, center_hi = best_hi;
    for (int lo = std::max(first, center_lo - lo_stride); lo <= std::min(kZero, center_lo + lo_stride); ++lo)
      for (int hi = std::max(kZero, center_hi - hi_stride); hi <= std::min(last, center_hi + hi_stride); ++hi)
        consider(lo, hi);
  }
  // Never wider than the values seen (the edge bins extend past them).
  Range range{static_cast<float>(std::max(Edge(best_lo), seen_min_)), static_cast<float>(std::min(Edge(best_hi), seen_max_))};
  if (symmetric) {
    const float t = std::max(-range.min, range.max);
    range = {std::max(-t, static_cast<float>(seen_min_)), std::min(t, static_cast<float>(seen_max_))};
  }
  return range;
}

}  // namespace edgepose::quant
