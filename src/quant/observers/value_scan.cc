#include "quant/observers/value_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/simd_clones.h"

namespace edgepose::quant {
namespace {

constexpr size_t kLanes = 16;

}  // namespace

EP_SIMD_CLONES bool AllFinite(const float* values, size_t count) {
  // An exponent of all ones; integer bit tests so the loop vectorizes.
  uint32_t non_finite = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, values + i, sizeof(bits));
    non_finite |= static_cast<uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  return non_finite == 0;
}

EP_SIMD_CLONES Range MinMaxOf(const float* values, size_t count) {
  float lo[kLanes], hi[kLanes];
  for (size_t j = 0; j < kLanes; ++j) lo[j] = hi[j] = values[0];
  size_t i = 0;
  for (; i + kLanes <= count; i += kLanes)
    for (size_t j = 0; j < kLanes; ++j) {
      const float v = values[i + j];
      lo[j] = v < lo[j] ? v : lo[j];
      hi[j] = v > hi[j] ? v : hi[j];
    }
  for (; i < count; ++i) {
    lo[0] = std::min(lo[0], values[i]);
    hi[0] = std::max(hi[0], values[i]);
  }
  return {*std::min_element(lo, lo + kLanes), *std::max_element(hi, hi + kLanes)};
}

EP_SIMD_CLONES bool ScanTails(const float* values, size_t count, float low, float high, size_t max_beyond,
                              TailScan* scan) {
  *scan = TailScan{};
  size_t low_ties = 0, high_ties = 0;
  for (size_t start = 0; start < count; start += kScanBlock) {
    const size_t end = std::min(count, start + kScanBlock);
    int32_t block_low_ties = 0, block_high_ties = 0, beyond = 0, non_finite = 0;
    for (size_t i = start; i < end; ++i) {
      const float v = values[i];
      block_high_ties += v == high;
      block_low_ties += v == low;
      beyond |= (v > high) | (v < low);
      non_finite |= !(v - v == 0.f);  // NaN - NaN and inf - inf are NaN
    }
    if (non_finite != 0) {
      scan->non_finite = true;
      return false;
    }
    low_ties += static_cast<size_t>(block_low_ties);
    high_ties += static_cast<size_t>(block_high_ties);
    if (beyond == 0) continue;
    for (size_t i = start; i < end; ++i) {
      if (values[i] > high) scan->high_beyond.push_back(values[i]);
      if (values[i] < low) scan->low_beyond.push_back(values[i]);
    }
    if (scan->high_beyond.size() > max_beyond || scan->low_beyond.size() > max_beyond) return false;
  }
  scan->low_ties = low_ties;
  scan->high_ties = high_ties;
  return true;
}

}  // namespace edgepose::quant
