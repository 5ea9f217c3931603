#include <gtest/gtest.h>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(MaximumTest, FloatBroadcast) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MAXIMUM, DType::kFloat32, {2, 2}, {2});
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1, -5, 3, 7}, std::vector<float>{2, 0});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{2, 0, 3, 7}));
}

TEST(MaximumTest, Int8ComparesRawValues) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MAXIMUM, DType::kInt8, {3}, {3}, static_cast<const void*>(nullptr),
                             {{0.1f}, {-5}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{-128, 5, 127}, std::vector<int8_t>{-100, 4, -1});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-100, 5, 127}));
}

}  // namespace
}  // namespace edgepose::testing
