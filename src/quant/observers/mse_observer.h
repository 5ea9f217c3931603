// MSE calibration: a histogram of every value an activation takes over the calibration inputs,
// and the range [a, b] (a <= 0 <= b) that minimises the expected squared quantization error of
// those values for the target integer grid: rounding error step^2 / 12 for the values inside,
// squared distance to the nearest edge for the values clipped outside (the criterion of
// PyTorch's HistogramObserver and TensorRT's MSE calibrator). Wide linear tensors with a few far
// outliers get a narrower range and a finer step; ranges whose tails hold real mass stay wide.
//
// The histogram has kBins equal bins over [-R, R], R a power of two that doubles (merging bins
// pairwise, exactly) when a batch exceeds it, so the result depends only on the values and their
// order of arrival: deterministic. The search evaluates each candidate in O(1) from prefix sums of
// bin counts, first on a coarse grid of bin edges, then bin by bin around the best.
#pragma once

#include <cstdint>
#include <vector>

#include "quant/observers/range_observer.h"

namespace edgepose::quant {

class MseObserver final : public RangeObserver {
 public:
  static constexpr int kBins = 8192;
  // bits 8: asymmetric grid of 255 steps over [a, b]; bits 16: symmetric grid of 65534 steps
  // over [-t, t] (zero point 0, as int16 activations are quantized).
  explicit MseObserver(int bits = 8) : bits_(bits) {}
  void Observe(const float* values, size_t count) override;
  Range range() const override;

  // Expected squared error per value of the histogram for the grid over [lo, hi] (for tests).
  double ExpectedError(double lo, double hi) const;

 private:
  int BinOf(double value) const;
  double BinCenter(int bin) const { return -half_width_ + (bin + 0.5) * (2.0 * half_width_ / kBins); }
  double Edge(int index) const { return -half_width_ + index * (2.0 * half_width_ / kBins); }
  // Prefix sums over bins of n, n c, n c^2 (c: bin center), built per range() call so that an
  // observer keeps only its counts between calls.
  struct PrefixSums {
    std::vector<double> n, c, c2;
  };
  PrefixSums MakeSums() const;
  double CandidateError(const PrefixSums& sums, int lo_edge, int hi_edge) const;

  int bits_;
  double half_width_ = 0.0;  // R
  double seen_min_ = 0.0, seen_max_ = 0.0;
  std::vector<uint64_t> counts_;
};

}  // namespace edgepose::quant
