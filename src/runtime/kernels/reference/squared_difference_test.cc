#include <gtest/gtest.h>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(SquaredDifferenceTest, FloatAndInt32WithBroadcast) {
  OneOpModel f = BinaryModel(tfl::BuiltinOperator_SQUARED_DIFFERENCE, DType::kFloat32, {3}, {1});
  auto out = RunReference<float>(f, nullptr, std::vector<float>{1, -2, 0.5f}, std::vector<float>{1});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{0, 9, 0.25f}));

  OneOpModel i = BinaryModel(tfl::BuiltinOperator_SQUARED_DIFFERENCE, DType::kInt32, {2}, {2});
  auto iout = RunReference<int32_t>(i, nullptr, std::vector<int32_t>{-3, 10}, std::vector<int32_t>{4, 10});
  ASSERT_TRUE(iout) << iout.error().message;
  EXPECT_EQ(*iout, (std::vector<int32_t>{49, 0}));
}

}  // namespace
}  // namespace edgepose::testing
