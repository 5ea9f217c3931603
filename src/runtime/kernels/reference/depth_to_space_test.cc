#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel DepthToSpaceModel(DType type, const Shape& shape, int block) {
  OneOpModel m(tfl::BuiltinOperator_DEPTH_TO_SPACE);
  m.AddInput(type, shape);
  m.AddOutput(type);
  tfl::DepthToSpaceOptionsT options;
  options.block_size = block;
  m.options().Set(options);
  return m;
}

TEST(DepthToSpaceTest, DcrOrderWithTwoOutputChannels) {
  // Channels of the single input pixel are (by, bx, c) in that order (DCR).
  OneOpModel m = DepthToSpaceModel(DType::kFloat32, {1, 1, 1, 8}, 2);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2, 2}));
  EXPECT_EQ(*out, (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(DepthToSpaceTest, TwoPixelsInterleaveIntoRows) {
  // Input [1,1,2,4] (two pixels, 4 channels), block 2 -> [1,2,4,1]:
  // row 0 = p0c0 p0c1 p1c0 p1c1, row 1 = p0c2 p0c3 p1c2 p1c3.
  OneOpModel m = DepthToSpaceModel(DType::kInt32, {1, 1, 2, 4}, 2);
  auto out = RunReference<int32_t>(m, nullptr, std::vector<int32_t>{10, 11, 12, 13, 20, 21, 22, 23});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int32_t>{10, 11, 20, 21, 12, 13, 22, 23}));
}

TEST(DepthToSpaceTest, RejectsDepthNotDivisibleByBlockSquared) {
  OneOpModel m = DepthToSpaceModel(DType::kFloat32, {1, 1, 1, 6}, 2);
  EXPECT_NE(CreateError(m).find("not divisible by block_size^2 = 4"), std::string::npos) << CreateError(m);
}

TEST(DepthToSpaceTest, RejectsMissingBlockSize) {
  OneOpModel m(tfl::BuiltinOperator_DEPTH_TO_SPACE);
  m.AddInput(DType::kFloat32, {1, 1, 1, 4});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("block_size 0 must be at least 1"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
