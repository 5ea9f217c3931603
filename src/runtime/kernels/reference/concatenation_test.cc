#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel ConcatModel(DType type, const std::vector<Shape>& shapes, int axis,
                       tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE,
                       const std::vector<QuantParams>& quant = {}, const QuantParams& out_quant = {}) {
  OneOpModel m(tfl::BuiltinOperator_CONCATENATION);
  for (size_t i = 0; i < shapes.size(); ++i) m.AddInput(type, shapes[i], quant.empty() ? QuantParams{} : quant[i]);
  m.AddOutput(type, {}, out_quant);
  tfl::ConcatenationOptionsT options;
  options.axis = axis;
  options.fused_activation_function = activation;
  m.options().Set(options);
  return m;
}

TEST(ConcatenationTest, MiddleAxisInterleavesRuns) {
  // [2,1,2] ++ [2,2,2] along axis 1 -> [2,3,2].
  OneOpModel m = ConcatModel(DType::kFloat32, {{2, 1, 2}, {2, 2, 2}}, 1);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2, 3, 4},
                                 std::vector<float>{10, 11, 12, 13, 14, 15, 16, 17});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 3, 2}));
  EXPECT_EQ(*out, (std::vector<float>{1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17}));
}

TEST(ConcatenationTest, NegativeAxisIsLastAxis) {
  OneOpModel m = ConcatModel(DType::kInt32, {{2, 1}, {2, 2}, {2, 1}}, -1);
  Shape shape;
  auto out = RunReference<int32_t>(m, &shape, std::vector<int32_t>{1, 2}, std::vector<int32_t>{3, 4, 5, 6},
                                   std::vector<int32_t>{7, 8});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 4}));
  EXPECT_EQ(*out, (std::vector<int32_t>{1, 3, 4, 7, 2, 5, 6, 8}));
}

TEST(ConcatenationTest, FusedRelu6ClampsFloat) {
  OneOpModel m = ConcatModel(DType::kFloat32, {{2}, {2}}, 0, tfl::ActivationFunctionType_RELU6);
  auto out = RunReference<float>(m, nullptr, std::vector<float>{-1, 3}, std::vector<float>{7, 6});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{0, 3, 6, 6}));
}

TEST(ConcatenationTest, Int8RequantizesInputsWithOtherParams) {
  // Input 0 shares the output's params (copied); input 1 has scale 1, zp 0 and is requantized
  // to scale 0.5, zp -10: q = round(x / 0.5) - 10.
  OneOpModel m = ConcatModel(DType::kInt8, {{2}, {3}}, 0, tfl::ActivationFunctionType_NONE,
                             {{{0.5f}, {-10}}, {{1.f}, {0}}}, {{0.5f}, {-10}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{5, -128}, std::vector<int8_t>{3, -4, 100});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{5, -128, -4, -18, 127}));
}

TEST(ConcatenationTest, RejectsMismatchedShapesAndAxis) {
  OneOpModel shapes = ConcatModel(DType::kFloat32, {{2, 3}, {3, 3}}, 1);
  EXPECT_NE(CreateError(shapes).find("has shape [3,3]"), std::string::npos) << CreateError(shapes);
  OneOpModel axis = ConcatModel(DType::kFloat32, {{2, 3}, {2, 3}}, 2);
  EXPECT_NE(CreateError(axis).find("outside rank"), std::string::npos) << CreateError(axis);
  OneOpModel int_activation = ConcatModel(DType::kInt32, {{2}, {2}}, 0, tfl::ActivationFunctionType_RELU);
  EXPECT_NE(CreateError(int_activation).find("fused activation"), std::string::npos);
}

}  // namespace
}  // namespace edgepose::testing
