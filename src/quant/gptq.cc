#include "quant/gptq.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/simd_clones.h"

namespace edgepose::quant {

// The factorizations are O(n^3), the quantizer's largest cost after the calibration runs: float
// (as GPTQ's reference implementation; H is dampened, see DampenSecondMoment), cloned wider
// (core/simd_clones.h) and blocked: the unblocked loops streamed the whole matrix (5 MB at
// n = 1152) from memory once per pivot or inverse row; here kRows pivots (rows) share one pass.
namespace {

constexpr size_t kRows = 8;  // the fused updates below are written out for 8

// dst[j] -= Σ_p f[p] src[p][j] for j in [begin, end), the 8 sources fused into one pass.
inline void SubtractCombination(float* __restrict dst, const float* const* src, const float* f, size_t begin,
                                size_t end) {
  const float *s0 = src[0], *s1 = src[1], *s2 = src[2], *s3 = src[3], *s4 = src[4], *s5 = src[5], *s6 = src[6],
               *s7 = src[7];
  for (size_t j = begin; j < end; ++j)
    dst[j] -= ((f[0] * s0[j] + f[1] * s1[j]) + (f[2] * s2[j] + f[3] * s3[j])) +
              ((f[4] * s4[j] + f[5] * s5[j]) + (f[6] * s6[j] + f[7] * s7[j]));
}

// x[b][j] -= f[b] v[j] for the 8 rows x[b] and j in [begin, end) (restrict: the rows are
// distinct; without it GCC keeps the loop scalar).
inline void SubtractFromRows(float* __restrict x0, float* __restrict x1, float* __restrict x2,
                             float* __restrict x3, float* __restrict x4, float* __restrict x5,
                             float* __restrict x6, float* __restrict x7, const float* __restrict v,
                             const float* f, size_t begin, size_t end) {
  const float f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7];
  for (size_t j = begin; j < end; ++j) {
    const float value = v[j];
    x0[j] -= f0 * value, x1[j] -= f1 * value, x2[j] -= f2 * value, x3[j] -= f3 * value;
    x4[j] -= f4 * value, x5[j] -= f5 * value, x6[j] -= f6 * value, x7[j] -= f7 * value;
  }
}

}  // namespace

EP_SIMD_CLONES bool CholeskyUpper(const std::vector<float>& a, int n, std::vector<float>* r_out) {
  const size_t m = static_cast<size_t>(n);
  std::vector<float>& r = *r_out;
  r.assign(m * m, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = i; j < m; ++j) r[i * m + j] = a[i * m + j];
  // Right-looking: row k of R is final once the rows above have been subtracted. Within a block
  // of pivots the rows are finished one by one; the rows below get the block's updates at once.
  for (size_t k0 = 0; k0 < m; k0 += kRows) {
    const size_t k_end = std::min(m, k0 + kRows);
    for (size_t k = k0; k < k_end; ++k) {
      float* rk = &r[k * m];
      const float pivot = rk[k];
      if (!(pivot > 0.0) || !std::isfinite(pivot)) return false;
      const float d = std::sqrt(pivot);
      rk[k] = d;
      for (size_t j = k + 1; j < m; ++j) rk[j] /= d;
      for (size_t i = k + 1; i < k_end; ++i) {
        const float f = rk[i];
        float* ri = &r[i * m];
        for (size_t j = i; j < m; ++j) ri[j] -= f * rk[j];
      }
    }
    if (k_end - k0 == kRows) {
      const float* pivots[kRows];
      for (size_t p = 0; p < kRows; ++p) pivots[p] = &r[(k0 + p) * m];
      for (size_t i = k_end; i < m; ++i) {
        float f[kRows];
        for (size_t p = 0; p < kRows; ++p) f[p] = pivots[p][i];
        SubtractCombination(&r[i * m], pivots, f, i, m);
      }
    } else {
      for (size_t k = k0; k < k_end; ++k)
        for (size_t i = k_end; i < m; ++i) {
          const float f = r[k * m + i];
          float* ri = &r[i * m];
          for (size_t j = i; j < m; ++j) ri[j] -= f * r[k * m + j];
        }
    }
  }
  return true;
}

EP_SIMD_CLONES bool InverseCholeskyUpper(const std::vector<float>& h, int n, std::vector<float>* u_out) {
  // With J the index reversal: J H J = R̂ᵀ R̂ (R̂ upper), so H = Pᵀ P with P = J R̂ J lower and
  // H⁻¹ = P⁻¹ P⁻ᵀ = Uᵀ U for U = P⁻ᵀ = J R̂⁻ᵀ J, which is upper triangular.
  const size_t m = static_cast<size_t>(n);
  std::vector<float> reversed(m * m);
  for (size_t a = 0; a < m; ++a)
    for (size_t b = 0; b < m; ++b) reversed[a * m + b] = h[(m - 1 - a) * m + (m - 1 - b)];
  std::vector<float> r;
  if (!CholeskyUpper(reversed, n, &r)) return false;
  // X = R̂⁻¹ row by row: X[i] R̂ = e_i, solved left to right along the row, kRows rows per pass
  // over R̂. A row i of the block has x[k] = 0 for k < i, so it takes part in every step from
  // the block's first row on without changing (its multiplier is zero until k reaches i).
  std::vector<float>& x = reversed;  // reuse the storage
  std::fill(x.begin(), x.end(), 0.0);
  for (size_t i0 = 0; i0 < m; i0 += kRows) {
    const size_t rows = std::min(kRows, m - i0);
    for (size_t b = 0; b < rows; ++b) x[(i0 + b) * m + i0 + b] = 1.0;
    for (size_t k = i0; k < m; ++k) {
      const float* rk = &r[k * m];
      float f[kRows];
      for (size_t b = 0; b < rows; ++b) f[b] = x[(i0 + b) * m + k] /= rk[k];
      if (rows == kRows) {
        float* x0 = &x[i0 * m];
        SubtractFromRows(x0, x0 + m, x0 + 2 * m, x0 + 3 * m, x0 + 4 * m, x0 + 5 * m, x0 + 6 * m, x0 + 7 * m, rk, f,
                         k + 1, m);
      } else {
        for (size_t b = 0; b < rows; ++b) {
          float* xi = &x[(i0 + b) * m];
          for (size_t j = k + 1; j < m; ++j) xi[j] -= f[b] * rk[j];
        }
      }
    }
  }
  std::vector<float>& u = *u_out;
  u.assign(m * m, 0.0);
  for (size_t a = 0; a < m; ++a)
    for (size_t b = a; b < m; ++b) u[a * m + b] = x[(m - 1 - b) * m + (m - 1 - a)];
  return true;
}

void DampenSecondMoment(std::vector<double>& h, int n, double damp) {
  const size_t m = static_cast<size_t>(n);
  double diagonal_sum = 0.0;
  for (size_t i = 0; i < m; ++i) {
    if (h[i * m + i] <= 0.0) {
      for (size_t j = 0; j < m; ++j) h[i * m + j] = h[j * m + i] = 0.0;
      h[i * m + i] = 1.0;
    }
    diagonal_sum += h[i * m + i];
  }
  const double add = damp * diagonal_sum / std::max<size_t>(m, 1);
  for (size_t i = 0; i < m; ++i) h[i * m + i] += add;
}

EP_SIMD_CLONES std::vector<int8_t> GptqRoundRows(const std::vector<float>& w, int rows, int n,
                                                 const std::vector<float>& scales, const std::vector<float>& u) {
  const size_t m = static_cast<size_t>(n);
  const size_t count = static_cast<size_t>(rows);
  std::vector<float> work(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(count * m));
  std::vector<int8_t> q(count * m);
  // Column i of every row at once, so row i of U is read once and stays in cache.
  for (size_t i = 0; i < m; ++i) {
    const float diagonal = u[i * m + i];
    const float* u_row = &u[i * m];
    for (size_t r = 0; r < count; ++r) {
      float* wr = &work[r * m];
      const float scale = scales[r];
      const float level = std::clamp(std::round(wr[i] / scale), -127.f, 127.f);
      q[r * m + i] = static_cast<int8_t>(level);
      const float error = (wr[i] - level * scale) / diagonal;
      if (error == 0.f) continue;
      for (size_t j = i + 1; j < m; ++j) wr[j] -= error * u_row[j];
    }
  }
  return q;
}

}  // namespace edgepose::quant
