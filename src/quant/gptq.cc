#include "quant/gptq.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/simd_clones.h"

namespace edgepose::quant {

// The factorizations are O(n^3) over rows of doubles, the quantizer's largest cost after the
// calibration runs, so they are cloned wider (core/simd_clones.h).
EP_SIMD_CLONES bool CholeskyUpper(const std::vector<double>& a, int n, std::vector<double>* r_out) {
  const size_t m = static_cast<size_t>(n);
  std::vector<double>& r = *r_out;
  r.assign(m * m, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = i; j < m; ++j) r[i * m + j] = a[i * m + j];
  // Right-looking: row k of R is final once the rows above have been subtracted; the trailing
  // update is an axpy along contiguous rows.
  for (size_t k = 0; k < m; ++k) {
    double* rk = &r[k * m];
    const double pivot = rk[k];
    if (!(pivot > 0.0) || !std::isfinite(pivot)) return false;
    const double d = std::sqrt(pivot);
    rk[k] = d;
    for (size_t j = k + 1; j < m; ++j) rk[j] /= d;
    for (size_t i = k + 1; i < m; ++i) {
      const double f = rk[i];
      if (f == 0.0) continue;
      double* ri = &r[i * m];
      for (size_t j = i; j < m; ++j) ri[j] -= f * rk[j];
    }
  }
  return true;
}

EP_SIMD_CLONES bool InverseCholeskyUpper(const std::vector<double>& h, int n, std::vector<double>* u_out) {
  // With J the index reversal: J H J = R̂ᵀ R̂ (R̂ upper), so H = Pᵀ P with P = J R̂ J lower and
  // H⁻¹ = P⁻¹ P⁻ᵀ = Uᵀ U for U = P⁻ᵀ = J R̂⁻ᵀ J, which is upper triangular.
  const size_t m = static_cast<size_t>(n);
  std::vector<double> reversed(m * m);
  for (size_t a = 0; a < m; ++a)
    for (size_t b = 0; b < m; ++b) reversed[a * m + b] = h[(m - 1 - a) * m + (m - 1 - b)];
  std::vector<double> r;
  if (!CholeskyUpper(reversed, n, &r)) return false;
  // X = R̂⁻¹ row by row: X[i] R̂ = e_i, solved left to right along the row.
  std::vector<double>& x = reversed;  // reuse the storage
  std::fill(x.begin(), x.end(), 0.0);
  for (size_t i = 0; i < m; ++i) {
    double* xi = &x[i * m];
    xi[i] = 1.0;
    for (size_t k = i; k < m; ++k) {
      xi[k] /= r[k * m + k];
      const double f = xi[k];
      if (f == 0.0) continue;
      const double* rk = &r[k * m];
      for (size_t j = k + 1; j < m; ++j) xi[j] -= f * rk[j];
    }
  }
  std::vector<double>& u = *u_out;
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

EP_SIMD_CLONES std::vector<int8_t> GptqRoundRows(const std::vector<float>& w, int rows, int n, const std::vector<float>& scales,
                                  const std::vector<double>& u) {
  const size_t m = static_cast<size_t>(n);
  const size_t count = static_cast<size_t>(rows);
  std::vector<float> work(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(count * m));
  std::vector<int8_t> q(count * m);
  std::vector<float> u_row(m);
  // Column i of every row at once, so row i of U is read once and stays in cache.
  for (size_t i = 0; i < m; ++i) {
    const float diagonal = static_cast<float>(u[i * m + i]);
    for (size_t j = i + 1; j < m; ++j) u_row[j] = static_cast<float>(u[i * m + j]);
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
