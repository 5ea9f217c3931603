// Single passes over one calibration tensor, written as fixed-width lane loops that GCC and Clang
// turn into SIMD code (SSE/AVX on x86, NEON on Arm): calibration reads every activation of every
// input (16.6 M floats per pose_landmark_full inference), so the per-value cost is the
// quantizer's speed budget.
#pragma once

#include <cstddef>
#include <vector>

#include "quant/observers/range_observer.h"

namespace edgepose::quant {

// No NaN and no infinity.
bool AllFinite(const float* values, size_t count);

// Smallest and largest value (count > 0, finite values).
Range MinMaxOf(const float* values, size_t count);

// The values strictly below `low` / above `high` (appended, in any order) and how many equal each
// threshold. Blocks of kScanBlock values are tested branch-free; only a block holding a value
// beyond a threshold is walked. Stops early and returns false once more than `max_beyond` values
// lie beyond one threshold, or at a NaN or infinity (then `non_finite` is set): the same pass
// stands in for AllFinite.
inline constexpr size_t kScanBlock = 1024;
struct TailScan {
  std::vector<float> low_beyond, high_beyond;
  size_t low_ties = 0, high_ties = 0;
  bool non_finite = false;
};
bool ScanTails(const float* values, size_t count, float low, float high, size_t max_beyond, TailScan* scan);

// ScanTails without the tie counts, for callers that only need the values beyond (about half the
// work per value: the percentile observer's pass over every later input). False only at a NaN or
// infinity (`non_finite` set).
bool ScanBeyond(const float* values, size_t count, float low, float high, TailScan* scan);

}  // namespace edgepose::quant
