#include <gtest/gtest.h>

#include "runtime/kernels/reference/binary_test_model.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(MinimumTest, FloatBroadcast) {
  OneOpModel m = BinaryModel(tfl::BuiltinOperator_MINIMUM, DType::kFloat32, {2, 2}, {2});
  auto out = RunReference<float>(m, nullptr, std::vector<float>{1, -5, 3, 7}, std::vector<float>{2, 0});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{1, -5, 2, 0}));
}

TEST(MinimumTest, Int32AndUInt8) {
  OneOpModel i = BinaryModel(tfl::BuiltinOperator_MINIMUM, DType::kInt32, {2}, {});
  auto out = RunReference<int32_t>(i, nullptr, std::vector<int32_t>{-9, 9}, std::vector<int32_t>{0});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int32_t>{-9, 0}));

  OneOpModel u = BinaryModel(tfl::BuiltinOperator_MINIMUM, DType::kUInt8, {2}, {2}, static_cast<const void*>(nullptr),
                             {{0.5f}, {128}});
  auto uout = RunReference<uint8_t>(u, nullptr, std::vector<uint8_t>{200, 3}, std::vector<uint8_t>{255, 0});
  ASSERT_TRUE(uout) << uout.error().message;
  EXPECT_EQ(*uout, (std::vector<uint8_t>{200, 0}));
}

}  // namespace
}  // namespace edgepose::testing
