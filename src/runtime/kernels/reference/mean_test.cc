#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

Result<std::vector<float>> Mean(const Shape& shape, const std::vector<int32_t>& axes, bool keep_dims,
                                const std::vector<float>& input, Shape* out_shape) {
  OneOpModel m(tfl::BuiltinOperator_MEAN);
  m.AddInput(DType::kFloat32, shape);
  m.AddConstant(DType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  m.AddOutput(DType::kFloat32);
  tfl::ReducerOptionsT options;
  options.keep_dims = keep_dims;
  m.options().Set(options);
  return RunReference<float>(m, out_shape, input);
}

const std::vector<float> kMatrix = {1, 2, 3, 4, 5, 9};  // [2,3]

TEST(MeanTest, RowMeansDropTheAxis) {
  Shape shape;
  auto out = Mean({2, 3}, {1}, false, kMatrix, &shape);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2}));
  EXPECT_EQ(*out, (std::vector<float>{2, 6}));
}

TEST(MeanTest, NegativeAxisWithKeepDims) {
  Shape shape;
  auto out = Mean({2, 3}, {-2}, true, kMatrix, &shape);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 3}));
  EXPECT_EQ(*out, (std::vector<float>{2.5f, 3.5f, 6}));
}

TEST(MeanTest, DuplicateAxesCountOnce) {
  Shape shape;
  auto out = Mean({2, 3}, {0, 1, 0}, false, kMatrix, &shape);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{}));
  EXPECT_EQ(*out, (std::vector<float>{4}));
}

TEST(MeanTest, SpatialMeanOfNhwc) {
  // [1,2,2,2]: channel 0 = 1,2,3,4 (mean 2.5), channel 1 = 10,20,30,40 (mean 25).
  Shape shape;
  auto out = Mean({1, 2, 2, 2}, {1, 2}, true, {1, 10, 2, 20, 3, 30, 4, 40}, &shape);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 1, 1, 2}));
  EXPECT_EQ(*out, (std::vector<float>{2.5f, 25}));
}

TEST(MeanTest, RejectsAxisOutOfRange) {
  auto out = Mean({2, 3}, {2}, false, kMatrix, nullptr);
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message.find("axis 2 is out of range for rank 2"), std::string::npos) << out.error().message;
}

}  // namespace
}  // namespace edgepose::testing
