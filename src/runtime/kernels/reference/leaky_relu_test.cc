#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(LeakyReluTest, ScalesNegativesByAlpha) {
  OneOpModel m(tfl::BuiltinOperator_LEAKY_RELU);
  m.AddInput(DType::kFloat32, {5});
  m.AddOutput(DType::kFloat32);
  tfl::LeakyReluOptionsT options;
  options.alpha = 0.25f;
  m.options().Set(options);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-8.f, -1.f, 0.f, 2.f, 1e6f});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-2.f, -0.25f, 0.f, 2.f, 1e6f}));
}

TEST(LeakyReluTest, AbsentOptionsMeanAlphaZero) {
  OneOpModel m(tfl::BuiltinOperator_LEAKY_RELU);
  m.AddInput(DType::kFloat32, {2});
  m.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-3.f, 3.f});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ((*out)[0], 0.f);
  EXPECT_EQ((*out)[1], 3.f);
}

}  // namespace
}  // namespace edgepose::testing
