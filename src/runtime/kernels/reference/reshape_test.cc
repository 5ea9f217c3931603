#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

const std::vector<float> kSix = {1, 2, 3, 4, 5, 6};

TEST(ReshapeTest, ShapeTensorWithInferredDimension) {
  OneOpModel m(tfl::BuiltinOperator_RESHAPE);
  m.AddInput(DType::kFloat32, {1, 2, 3});
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{-1, 2});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, kSix);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{3, 2}));
  EXPECT_EQ(*out, kSix);
}

TEST(ReshapeTest, OptionsWhenNoShapeTensor) {
  OneOpModel m(tfl::BuiltinOperator_RESHAPE);
  m.AddInput(DType::kFloat32, {6});
  m.AddOutput(DType::kFloat32);
  tfl::ReshapeOptionsT options;
  options.new_shape = {2, 1, 3};
  m.options().Set(options);
  Shape shape;
  auto out = RunReference<float>(m, &shape, kSix);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 1, 3}));
  EXPECT_EQ(*out, kSix);
}

TEST(ReshapeTest, LegacyZeroShapeMeansScalar) {
  OneOpModel m(tfl::BuiltinOperator_RESHAPE);
  m.AddInput(DType::kInt8, {1, 1}, {{0.5f}, {3}});
  m.AddOutput(DType::kInt8, {}, {{0.5f}, {3}});
  tfl::ReshapeOptionsT options;
  options.new_shape = {0};
  m.options().Set(options);
  Shape shape{9};
  auto out = RunReference<int8_t>(m, &shape, std::vector<int8_t>{-7});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(shape.empty());
  EXPECT_EQ(*out, (std::vector<int8_t>{-7}));
}

TEST(ReshapeTest, ShapeTensorWinsOverOptions) {
  OneOpModel m(tfl::BuiltinOperator_RESHAPE);
  m.AddInput(DType::kFloat32, {6});
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{2, 3});
  m.AddOutput(DType::kFloat32);
  tfl::ReshapeOptionsT options;
  options.new_shape = {3, 2};
  m.options().Set(options);
  Shape shape;
  ASSERT_TRUE(RunReference<float>(m, &shape, kSix));
  EXPECT_EQ(shape, (Shape{2, 3}));
}

TEST(ReshapeTest, RejectsBadShapes) {
  auto make = [](std::vector<int32_t> dims) {
    OneOpModel m(tfl::BuiltinOperator_RESHAPE);
    m.AddInput(DType::kFloat32, {6});
    m.AddConstant(DType::kInt32, {static_cast<int32_t>(dims.size())}, dims);
    m.AddOutput(DType::kFloat32);
    return m;
  };
  OneOpModel two_inferred = make({-1, -1});
  EXPECT_NE(CreateError(two_inferred).find("more than one -1"), std::string::npos);
  OneOpModel wrong_count = make({4, 2});
  EXPECT_NE(CreateError(wrong_count).find("does not hold the 6 elements"), std::string::npos);
  OneOpModel not_divisible = make({-1, 4});
  EXPECT_NE(CreateError(not_divisible).find("cannot infer"), std::string::npos);
  OneOpModel negative = make({-2, -3});
  EXPECT_NE(CreateError(negative).find("negative"), std::string::npos);

  OneOpModel dynamic(tfl::BuiltinOperator_RESHAPE);
  dynamic.AddInput(DType::kFloat32, {6});
  dynamic.AddInput(DType::kInt32, {2});
  dynamic.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(dynamic).find("not constant"), std::string::npos) << CreateError(dynamic);
}

}  // namespace
}  // namespace edgepose::testing
