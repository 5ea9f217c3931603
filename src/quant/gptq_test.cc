#include "quant/gptq.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "quant/quant_params.h"

namespace edgepose::quant {
namespace {

TEST(GptqTest, CholeskyOfAKnownMatrix) {
  // [[4, 2], [2, 3]] = Rᵀ R with R = [[2, 1], [0, sqrt(2)]].
  std::vector<float> r;
  ASSERT_TRUE(CholeskyUpper({4, 2, 2, 3}, 2, &r));
  EXPECT_FLOAT_EQ(r[0], 2.f);
  EXPECT_FLOAT_EQ(r[1], 1.f);
  EXPECT_EQ(r[2], 0.f);
  EXPECT_NEAR(r[3], std::sqrt(2.0), 1e-6);
  EXPECT_FALSE(CholeskyUpper({1, 2, 2, 1}, 2, &r));  // eigenvalues 3 and -1
}

TEST(GptqTest, InverseCholeskyFactorOfAKnownMatrix) {
  // H = [[4, 2], [2, 3]], H⁻¹ = [[3, -2], [-2, 4]] / 8. Upper U with UᵀU = H⁻¹: U[1][1] = 1/sqrt(3)
  // (the last pivot of H⁻¹ taken first: sqrt(4/8 - ...)); checked through the product below.
  std::vector<float> u;
  ASSERT_TRUE(InverseCholeskyUpper({4, 2, 2, 3}, 2, &u));
  EXPECT_EQ(u[2], 0.f);
  EXPECT_NEAR(u[0] * u[0], 3.0 / 8.0, 1e-6);
  EXPECT_NEAR(u[0] * u[1], -2.0 / 8.0, 1e-6);
  EXPECT_NEAR(u[1] * u[1] + u[3] * u[3], 4.0 / 8.0, 1e-6);
}

// A random well-conditioned H = BᵀB + n/2·I, in sizes below, at and across the factorizations'
// 8-row blocks: RᵀR = H and UᵀU H = I, computed here in double.
std::vector<float> RandomSecondMoment(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> b(n * n);
  std::vector<float> h(n * n, 0.f);
  for (double& v : b) v = normal(rng);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = i == j ? 0.5 * n : 0.0;
      for (int k = 0; k < n; ++k) sum += b[k * n + i] * b[k * n + j];
      h[i * n + j] = static_cast<float>(sum);
    }
  return h;
}

TEST(GptqTest, CholeskyFactorReproducesTheMatrix) {
  for (int n : {7, 8, 9, 37}) {
    const std::vector<float> h = RandomSecondMoment(n, 5 + n);
    std::vector<float> r;
    ASSERT_TRUE(CholeskyUpper(h, n, &r));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        if (j < i) EXPECT_EQ(r[i * n + j], 0.f);
        double product = 0.0;  // (Rᵀ R)[i][j]
        for (int k = 0; k < n; ++k) product += static_cast<double>(r[k * n + i]) * r[k * n + j];
        EXPECT_NEAR(product, h[i * n + j], 1e-5 * n) << "n " << n << " at " << i << "," << j;
      }
  }
}

TEST(GptqTest, InverseCholeskyFactorTimesMatrixIsIdentity) {
  for (int n : {9, 16, 37}) {
    const std::vector<float> h = RandomSecondMoment(n, 3 + n);
    std::vector<float> u;
    ASSERT_TRUE(InverseCholeskyUpper(h, n, &u));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < i; ++j) EXPECT_EQ(u[i * n + j], 0.f);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double product = 0.0;  // (Uᵀ U H)[i][j]
        for (int k = 0; k < n; ++k) {
          double utu = 0.0;
          for (int l = 0; l < n; ++l) utu += static_cast<double>(u[l * n + i]) * u[l * n + k];
          product += utu * h[k * n + j];
        }
        EXPECT_NEAR(product, i == j ? 1.0 : 0.0, 1e-4) << "n " << n << " at " << i << "," << j;
      }
  }
}

TEST(GptqTest, DeadInputsAreIsolatedAndDiagonalDampened) {
  std::vector<double> h = {2, 0, 1, 0, 0, 0, 1, 0, 4};
  DampenSecondMoment(h, 3, 0.01);
  const double add = 0.01 * (2 + 1 + 4) / 3.0;  // the dead input counts as 1
  EXPECT_DOUBLE_EQ(h[0], 2 + add);
  EXPECT_DOUBLE_EQ(h[4], 1 + add);
  EXPECT_DOUBLE_EQ(h[8], 4 + add);
  EXPECT_DOUBLE_EQ(h[2], 1.0);
  EXPECT_DOUBLE_EQ(h[1], 0.0);
}

// Output error Σ_samples Σ_rows (x·(wq - w))² on data with strongly correlated inputs: GPTQ's
// error feedback must beat rounding to nearest, and every value stays on the per-row int8 grid.
TEST(GptqTest, BeatsNearestRoundingOnCorrelatedInputs) {
  const int n = 24, rows = 16, samples = 400;
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  std::vector<float> mix(n * n), x(samples * n, 0.f);
  for (float& v : mix) v = normal(rng);
  for (int s = 0; s < samples; ++s) {
    std::vector<float> z(n);
    for (float& v : z) v = normal(rng);
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) x[s * n + j] += z[k] * (k <= j ? mix[k * n + j] : 0.f) + (k == j ? 2.f : 0.f) * z[k];
  }
  std::vector<double> h(n * n, 0.0);
  for (int s = 0; s < samples; ++s)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) h[i * n + j] += static_cast<double>(x[s * n + i]) * x[s * n + j] / samples;
  std::vector<float> w(rows * n);
  for (float& v : w) v = 0.05f * normal(rng);
  const QuantizedWeights nearest = QuantizeWeightsSymmetric(w.data(), {rows, n}, 0, true);
  std::vector<double> damped = h;
  DampenSecondMoment(damped, n, 0.01);
  std::vector<float> u;
  ASSERT_TRUE(InverseCholeskyUpper(std::vector<float>(damped.begin(), damped.end()), n, &u));
  const std::vector<int8_t> gptq = GptqRoundRows(w, rows, n, nearest.scales, u);
  auto output_error = [&](const std::vector<int8_t>& q) {
    double total = 0.0;
    for (int s = 0; s < samples; ++s)
      for (int r = 0; r < rows; ++r) {
        double e = 0.0;
        for (int k = 0; k < n; ++k) e += x[s * n + k] * (q[r * n + k] * static_cast<double>(nearest.scales[r]) - w[r * n + k]);
        total += e * e;
      }
    return total;
  };
  const double nearest_error = output_error(nearest.values), gptq_error = output_error(gptq);
  std::printf("[measured] output error nearest %.6g, gptq %.6g (ratio %.3f)\n", nearest_error, gptq_error,
              gptq_error / nearest_error);
  EXPECT_LT(gptq_error, 0.8 * nearest_error);
  for (int8_t q : gptq) EXPECT_GE(q, -127);
}

// Entries that GPTQ pushes past the grid's end saturate at ±127 instead of wrapping.
TEST(GptqTest, SaturatesAtTheGridEnds) {
  // Two perfectly correlated inputs (x0 = x1): rounding w0 = 0.45 down to 0 moves w1 up by about
  // 0.445 (U[0][1] / U[0][0] ≈ -0.99 after dampening), from 127.3 to beyond 127.5.
  const std::vector<double> h = {1, 1, 1, 1};
  std::vector<double> damped = h;
  DampenSecondMoment(damped, 2, 0.01);
  std::vector<float> u;
  ASSERT_TRUE(InverseCholeskyUpper(std::vector<float>(damped.begin(), damped.end()), 2, &u));
  const std::vector<int8_t> q = GptqRoundRows({0.45f, 127.3f}, 1, 2, {1.f}, u);
  EXPECT_EQ(q[0], 0);
  EXPECT_EQ(q[1], 127);
}

}  // namespace
}  // namespace edgepose::quant
