#include <gtest/gtest.h>

#include <cmath>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(TanhTest, FloatMatchesClosedForm) {
  OneOpModel m(tfl::BuiltinOperator_TANH);
  m.AddInput(DType::kFloat32, {2, 3});
  m.AddOutput(DType::kFloat32);
  const std::vector<float> x = {0.f, 0.5f, -0.5f, 3.f, -20.f, 1e-4f};
  auto out = RunReference<float>(m, nullptr, x);
  ASSERT_TRUE(out) << out.error().message;
  for (size_t i = 0; i < x.size(); ++i) {
    const double e2 = std::exp(2.0 * x[i]);
    EXPECT_NEAR((*out)[i], (e2 - 1) / (e2 + 1), 1e-7) << x[i];
  }
}

TEST(TanhTest, Int8TableWithArbitraryOutputParams) {
  // in scale 0.05 zp 10, out scale 1/128 zp 0: q=10 -> 0; q=30 (x=1) -> 0.76159 * 128 = 97.48 -> 97;
  // q=-10 (x=-1) -> -97; q=127 (x=5.85) -> 127.99 -> 128 -> clamps to 127.
  OneOpModel m(tfl::BuiltinOperator_TANH);
  m.AddInput(DType::kInt8, {4}, {{0.05f}, {10}});
  m.AddOutput(DType::kInt8, {}, {{1.f / 128}, {0}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{10, 30, -10, 127});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{0, 97, -97, 127}));
}

}  // namespace
}  // namespace edgepose::testing
