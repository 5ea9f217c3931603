// Shared pieces of the kernel-vs-LiteRT differential tests (tests/oracle/*_parity_test.cc):
// seeded random inputs and one call that saves a one-op model, runs it in LiteRT and in
// EdgePose's reference backend on the same inputs, and compares output 0: float within
// 1e-5 * (max|ref| + 1), quantized within `max_steps` steps. The worst differences seen are
// kept so each suite can print them.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "core/npy.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {

std::mt19937& ParityRng();  // one seeded generator per test binary
int UniformInt(int low, int high);

// Floats uniform in [-range, range]; integer dtypes uniform over their whole range.
NpyArray RandomArray(DType type, const Shape& shape, float range = 1.f);

struct ParityWorst {
  double float_rel = 0;    // max|diff| / (max|ref| + 1)
  double quant_steps = 0;  // max |diff| in quantized steps
};
ParityWorst& WorstParity();

// gtest assertions inside; `label` names the case in failures.
void ExpectLiteRtParity(OneOpModel& builder, const std::vector<NpyArray>& inputs, const std::string& label,
                        double max_steps = 1.0);

}  // namespace edgepose::testing
