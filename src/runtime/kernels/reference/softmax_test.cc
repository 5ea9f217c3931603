#include <gtest/gtest.h>

#include <cmath>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel SoftmaxModel(const Shape& shape, float beta) {
  OneOpModel m(tfl::BuiltinOperator_SOFTMAX);
  m.AddInput(DType::kFloat32, shape);
  m.AddOutput(DType::kFloat32);
  tfl::SoftmaxOptionsT options;
  options.beta = beta;
  m.options().Set(options);
  return m;
}

TEST(SoftmaxTest, RowsOverLastAxisWithBeta) {
  OneOpModel m = SoftmaxModel({2, 3}, 0.5f);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{0, 2, 4, 1, 1, 1});
  ASSERT_TRUE(out) << out.error().message;
  // exp(0.5 * x) / sum: row 0 has weights 1, e, e^2.
  const double e = std::exp(1.0), sum = 1 + e + e * e;
  EXPECT_NEAR((*out)[0], 1 / sum, 1e-7);
  EXPECT_NEAR((*out)[1], e / sum, 1e-7);
  EXPECT_NEAR((*out)[2], e * e / sum, 1e-7);
  for (int c = 3; c < 6; ++c) EXPECT_NEAR((*out)[c], 1.0 / 3, 1e-7);
}

TEST(SoftmaxTest, LargeInputsDoNotOverflow) {
  OneOpModel m = SoftmaxModel({2}, 1.f);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1000.f, 998.f});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NEAR((*out)[0], 1 / (1 + std::exp(-2.0)), 1e-6);
  EXPECT_NEAR((*out)[1], 1 / (1 + std::exp(2.0)), 1e-6);
}

TEST(SoftmaxTest, RejectsScalar) {
  OneOpModel m = SoftmaxModel({}, 1.f);
  EXPECT_NE(CreateError(m).find("scalar"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
