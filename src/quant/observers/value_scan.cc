#include "quant/observers/value_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/simd_clones.h"

namespace edgepose::quant {
namespace {

constexpr size_t kLanes = 16;

// Appends the values beyond the thresholds; false at a NaN or infinity (then flagged).
[[gnu::always_inline]] inline bool CollectBeyond(const float* values, size_t count, float low, float high,
                                                 TailScan* scan) {
  for (size_t k = 0; k < count; ++k) {
    const float v = values[k];
    if (!(v - v == 0.f)) {
      scan->non_finite = true;
      return false;
    }
    if (v > high) scan->high_beyond.push_back(v);
    if (v < low) scan->low_beyond.push_back(v);
  }
  return true;
}

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
    // Lane-wise flags and counts, reduced once per block: a block of 1024 values is read at memory
    // speed; reducing after every 64 (the first version) cost as much as the reads.
    int32_t low_tie[kLanes] = {}, high_tie[kLanes] = {}, beyond[kLanes] = {}, non_finite[kLanes] = {};
    size_t i = start;
    for (; i + kLanes <= end; i += kLanes)
      for (size_t j = 0; j < kLanes; ++j) {
        const float v = values[i + j];
        high_tie[j] += v == high;
        low_tie[j] += v == low;
        beyond[j] |= (v > high) | (v < low);
        non_finite[j] |= !(v - v == 0.f);  // NaN - NaN and inf - inf are NaN
      }
    for (; i < end; ++i) {
      const float v = values[i];
      high_tie[0] += v == high;
      low_tie[0] += v == low;
      beyond[0] |= (v > high) | (v < low);
      non_finite[0] |= !(v - v == 0.f);
    }
    int32_t any_beyond = 0, any_non_finite = 0;
    for (size_t j = 0; j < kLanes; ++j) {
      low_ties += static_cast<size_t>(low_tie[j]);
      high_ties += static_cast<size_t>(high_tie[j]);
      any_beyond |= beyond[j];
      any_non_finite |= non_finite[j];
    }
    if (any_non_finite != 0) {
      scan->non_finite = true;
      return false;
    }
    if (any_beyond == 0) continue;
    if (!CollectBeyond(values + start, end - start, low, high, scan)) return false;
    if (scan->high_beyond.size() > max_beyond || scan->low_beyond.size() > max_beyond) return false;
  }
  scan->low_ties = low_ties;
  scan->high_ties = high_ties;
  return true;
}

EP_SIMD_CLONES bool ScanBeyond(const float* values, size_t count, float low, float high, TailScan* scan) {
  *scan = TailScan{};
  // One byte per value, 1 when it is beyond a threshold or NaN (which fails both compares), then
  // only the 8-value words holding a 1 are walked: early in calibration most blocks hold a few
  // such values, so skipping whole blocks is not enough.
  alignas(64) uint8_t outside[kScanBlock];
  for (size_t start = 0; start < count; start += kScanBlock) {
    const size_t n = std::min(kScanBlock, count - start);
    const float* block = values + start;
    for (size_t i = 0; i < n; ++i) outside[i] = !((block[i] >= low) & (block[i] <= high));
    for (size_t i = n; i % 8 != 0; ++i) outside[i] = 0;
    for (size_t w = 0; w < n; w += 8) {
      uint64_t word;
      std::memcpy(&word, outside + w, sizeof(word));
      if (word != 0 && !CollectBeyond(block + w, std::min<size_t>(8, n - w), low, high, scan)) return false;
    }
  }
  return true;
}

}  // namespace edgepose::quant
