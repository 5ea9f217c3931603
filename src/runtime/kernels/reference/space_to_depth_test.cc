#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel BlockModel(tfl::BuiltinOperator op, const Shape& shape, int block) {
  OneOpModel m(op);
  m.AddInput(DType::kFloat32, shape);
  m.AddOutput(DType::kFloat32);
  if (op == tfl::BuiltinOperator_SPACE_TO_DEPTH) {
    tfl::SpaceToDepthOptionsT options;
    options.block_size = block;
    m.options().Set(options);
  } else {
    tfl::DepthToSpaceOptionsT options;
    options.block_size = block;
    m.options().Set(options);
  }
  return m;
}

TEST(SpaceToDepthTest, GathersEachBlockIntoChannels) {
  // [1,2,4,1]: row 0 = 0 1 2 3, row 1 = 4 5 6 7 -> [1,1,2,4]: {0,1,4,5}, {2,3,6,7}.
  OneOpModel m = BlockModel(tfl::BuiltinOperator_SPACE_TO_DEPTH, {1, 2, 4, 1}, 2);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 1, 2, 4}));
  EXPECT_EQ(*out, (std::vector<float>{0, 1, 4, 5, 2, 3, 6, 7}));
}

TEST(SpaceToDepthTest, DepthToSpaceUndoesIt) {
  std::mt19937 rng(5);
  const auto input = RandomValues(2 * 6 * 9 * 5, rng);
  OneOpModel forward = BlockModel(tfl::BuiltinOperator_SPACE_TO_DEPTH, {2, 6, 9, 5}, 3);
  Shape shape;
  auto deep = RunReference<float>(forward, &shape, input);
  ASSERT_TRUE(deep) << deep.error().message;
  ASSERT_EQ(shape, (Shape{2, 2, 3, 45}));
  OneOpModel back = BlockModel(tfl::BuiltinOperator_DEPTH_TO_SPACE, shape, 3);
  auto restored = RunReference<float>(back, nullptr, *deep);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(*restored, input);
}

TEST(SpaceToDepthTest, RejectsSizeNotDivisibleByBlock) {
  OneOpModel m = BlockModel(tfl::BuiltinOperator_SPACE_TO_DEPTH, {1, 3, 4, 1}, 2);
  EXPECT_NE(CreateError(m).find("is not divisible by block_size 2"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
