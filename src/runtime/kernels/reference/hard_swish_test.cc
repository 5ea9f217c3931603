#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(HardSwishTest, PiecewiseClosedForm) {
  // x <= -3 -> 0; x >= 3 -> x; between: x (x + 3) / 6.
  OneOpModel m(tfl::BuiltinOperator_HARD_SWISH);
  m.AddInput(DType::kFloat32, {7});
  m.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-5.f, -3.f, -1.5f, 0.f, 1.f, 3.f, 10.f});
  ASSERT_TRUE(out) << out.error().message;
  const std::vector<float> want = {0.f, 0.f, -0.375f, 0.f, 2.f / 3.f, 3.f, 10.f};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_FLOAT_EQ((*out)[i], want[i]) << i;
}

}  // namespace
}  // namespace edgepose::testing
