#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

OneOpModel FcModel(const Shape& input, bool keep_num_dims, bool bias,
                   tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE) {
  OneOpModel m(tfl::BuiltinOperator_FULLY_CONNECTED, 1);
  m.AddInput(DType::kFloat32, input);
  m.AddConstant(DType::kFloat32, {2, 3}, std::vector<float>{1, 2, 3, -1, 0, 1});
  if (bias) m.AddConstant(DType::kFloat32, {2}, std::vector<float>{0.5f, -10.f});
  else m.SkipInput();
  m.AddOutput(DType::kFloat32);
  tfl::FullyConnectedOptionsT options;
  options.keep_num_dims = keep_num_dims;
  options.fused_activation_function = activation;
  m.options().Set(options);
  return m;
}

const std::vector<float> kInput = {1, 1, 1, 2, 0, -1};  // rows (1,1,1) and (2,0,-1)

TEST(FullyConnectedTest, FlattensLeadingDims) {
  OneOpModel m = FcModel({2, 1, 3}, false, true);
  Shape shape;
  auto out = RunReference<float>(m, &shape, kInput);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 2}));
  // row 0: 1+2+3+.5 = 6.5, -1+0+1-10 = -10; row 1: 2-3+.5 = -.5, -2-1-10 = -13
  EXPECT_EQ(*out, (std::vector<float>{6.5f, -10, -0.5f, -13}));
}

TEST(FullyConnectedTest, KeepNumDimsAndNoBiasAndRelu) {
  OneOpModel m = FcModel({1, 2, 3}, true, false, tfl::ActivationFunctionType_RELU);
  Shape shape;
  auto out = RunReference<float>(m, &shape, kInput);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 2}));
  EXPECT_EQ(*out, (std::vector<float>{6, 0, 0, 0}));
}

TEST(FullyConnectedTest, RejectsInputNotMultipleOfDepth) {
  OneOpModel m = FcModel({1, 4}, false, true);
  EXPECT_NE(CreateError(m).find("is not a multiple of the weights depth 3"), std::string::npos) << CreateError(m);
}

TEST(FullyConnectedTest, Int8MatchesExactRequantizationWithinOneStep) {
  std::mt19937 rng(2);
  const int batches = 3, depth = 17, units = 5;
  const auto input = RandomValues<int8_t>(batches * depth, rng, -128, 127);
  const auto weights = RandomValues<int8_t>(units * depth, rng, -127, 127);
  const auto bias = RandomValues<int32_t>(units, rng, -500, 500);
  const float in_scale = 0.05f, w_scale = 0.01f, out_scale = 0.08f;
  OneOpModel m(tfl::BuiltinOperator_FULLY_CONNECTED, 4);
  m.AddInput(DType::kInt8, {batches, depth}, {{in_scale}, {-3}});
  m.AddConstant(DType::kInt8, {units, depth}, weights, {{w_scale}, {0}});
  m.AddConstant(DType::kInt32, {units}, bias, {{in_scale * w_scale}, {0}});
  m.AddOutput(DType::kInt8, {}, {{out_scale}, {4}});
  auto out = RunReference<int8_t>(m, nullptr, input);
  ASSERT_TRUE(out) << out.error().message;
  for (int b = 0; b < batches; ++b)
    for (int u = 0; u < units; ++u) {
      int64_t acc = bias[u];
      for (int i = 0; i < depth; ++i) acc += (input[b * depth + i] + 3) * weights[u * depth + i];
      const double expected = std::clamp(std::round(acc * (double(in_scale) * w_scale / out_scale)) + 4, -128.0, 127.0);
      EXPECT_NEAR((*out)[b * units + u], expected, 1.0);
    }
}

}  // namespace
}  // namespace edgepose::testing
