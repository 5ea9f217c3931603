#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(PadV2Test, FillsWithTheConstantValue) {
  OneOpModel m(tfl::BuiltinOperator_PADV2);
  m.AddInput(DType::kFloat32, {1, 2});
  m.AddConstant(DType::kInt32, {2, 2}, std::vector<int32_t>{0, 1, 2, 1});
  m.AddConstant(DType::kFloat32, {}, std::vector<float>{-9.5f});
  m.AddOutput(DType::kFloat32);
  Shape shape;
  auto out = RunReference<float>(m, &shape, std::vector<float>{1, 2});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{2, 5}));
  const float f = -9.5f;
  EXPECT_EQ(*out, (std::vector<float>{f, f, 1, 2, f, f, f, f, f, f}));
}

TEST(PadV2Test, WithoutConstantBehavesLikePad) {
  OneOpModel m(tfl::BuiltinOperator_PADV2);
  m.AddInput(DType::kUInt8, {2}, {{1.f}, {128}});
  m.AddConstant(DType::kInt32, {1, 2}, std::vector<int32_t>{1, 1});
  m.AddOutput(DType::kUInt8, {}, {{1.f}, {128}});
  auto out = RunReference<uint8_t>(m, nullptr, std::vector<uint8_t>{3, 4});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<uint8_t>{128, 3, 4, 128}));
}

TEST(PadV2Test, RejectsConstantOfAnotherDtype) {
  OneOpModel m(tfl::BuiltinOperator_PADV2);
  m.AddInput(DType::kFloat32, {2});
  m.AddConstant(DType::kInt32, {1, 2}, std::vector<int32_t>{1, 1});
  m.AddConstant(DType::kInt32, {}, std::vector<int32_t>{3});
  m.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(m).find("must be one FLOAT32 value"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
