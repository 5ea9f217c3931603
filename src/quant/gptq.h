// GPTQ weight rounding (Frantar et al. 2022, "GPTQ: Accurate Post-Training Quantization for
// Generative Pre-trained Transformers", in the Optimal Brain Quantization lineage): the weights of
// one output channel w are rounded to the int8 grid one entry at a time, in order, and each
// rounding error is spread onto the entries not yet rounded so that the layer's output error
// (w - wq)ᵀ H (w - wq) on the calibration inputs stays small, H = E[x xᵀ] of the layer's inputs.
// The spreading uses the upper Cholesky factor U of H⁻¹ (H⁻¹ = Uᵀ U): after rounding entry i,
// w[j] -= (w[i] - wq[i]) / U[i][i] * U[i][j] for j > i.
// The factorizations are dense linear algebra in float (as the paper's code) on row-major n x n
// matrices; the statistics are summed and dampened in double.
#pragma once

#include <cstdint>
#include <vector>

namespace edgepose::quant {

// Cholesky factor R (upper triangular, row-major, lower part zero) with a = Rᵀ R. Returns false
// when `a` (symmetric, only its upper triangle is read) is not positive definite.
bool CholeskyUpper(const std::vector<float>& a, int n, std::vector<float>* r);

// Upper triangular U with H⁻¹ = Uᵀ U for a symmetric positive definite H; false when H is not.
bool InverseCholeskyUpper(const std::vector<float>& h, int n, std::vector<float>* u);

// H as GPTQ uses it: dead inputs (H[i][i] == 0: the input was zero on every calibration patch)
// get H[i][i] = 1 so they round to nearest without influencing the others, then
// damp * mean(diag H) is added to the diagonal (the paper's 1 % dampening).
void DampenSecondMoment(std::vector<double>& h, int n, double damp);

// Rounds `rows` weight rows of length n (row-major w, one scale per row) to symmetric int8 in
// [-127, 127] with GPTQ error feedback through `u` (from InverseCholeskyUpper). Entries are
// visited in index order. The result is on each row's grid: value = q * scale.
std::vector<int8_t> GptqRoundRows(const std::vector<float>& w, int rows, int n, const std::vector<float>& scales,
                                  const std::vector<float>& u);

}  // namespace edgepose::quant
