#include <gtest/gtest.h>

#include "core/float16.h"
#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

TEST(DequantizeTest, Float16WidensExactly) {
  OneOpModel m(tfl::BuiltinOperator_DEQUANTIZE);
  m.AddInput(DType::kFloat16, {5});
  m.AddOutput(DType::kFloat32);
  // 1.0, -2.0, 0.5, 65504 (max half), 2^-24 (smallest subnormal).
  const std::vector<uint16_t> halves = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001};
  auto out = RunReference<float>(m, nullptr, halves);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{1.f, -2.f, 0.5f, 65504.f, std::ldexp(1.f, -24)}));
}

TEST(DequantizeTest, ConstantFloat16IsFoldedAtCreate) {
  OneOpModel m(tfl::BuiltinOperator_DEQUANTIZE);
  const std::vector<uint16_t> halves = {0x4200, 0xBC00};  // 3, -1
  m.AddConstant(DType::kFloat16, {2}, halves);
  m.AddOutput(DType::kFloat32);
  auto model = m.Build();
  ASSERT_TRUE(model) << model.error().message;
  InterpreterOptions options;
  options.backend = Backend::kReference;
  auto interpreter = Interpreter::Create(*model, options);
  ASSERT_TRUE(interpreter) << interpreter.error().message;
  EXPECT_EQ(Read<float>((*interpreter)->output(0)), (std::vector<float>{3.f, -1.f}));
  // Folded at Create: the value is there before any Invoke, and no node is left to run.
  EXPECT_TRUE((*interpreter)->profile().empty());
}

TEST(DequantizeTest, Int8PerTensor) {
  OneOpModel m(tfl::BuiltinOperator_DEQUANTIZE);
  m.AddInput(DType::kInt8, {4}, {{0.5f}, {-2}});
  m.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(m, nullptr, std::vector<int8_t>{-128, -2, 0, 127});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-63.f, 0.f, 1.f, 64.5f}));
}

TEST(DequantizeTest, UInt8AndInt16PerTensor) {
  OneOpModel u8(tfl::BuiltinOperator_DEQUANTIZE);
  u8.AddInput(DType::kUInt8, {3}, {{0.25f}, {128}});
  u8.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(u8, nullptr, std::vector<uint8_t>{0, 128, 255});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-32.f, 0.f, 31.75f}));

  OneOpModel i16(tfl::BuiltinOperator_DEQUANTIZE);
  i16.AddInput(DType::kInt16, {3}, {{1.f / 1024}, {0}});
  i16.AddOutput(DType::kFloat32);
  out = RunReference<float>(i16, nullptr, std::vector<int16_t>{-32768, 1, 32767});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{-32.f, 1.f / 1024, 32767.f / 1024}));
}

TEST(DequantizeTest, Int8PerChannelAlongDimensionZeroAndLast) {
  // [2,3] with channels along dim 0 (scales 1, 0.5) and along dim 1 (scales 1, 2, 4).
  OneOpModel rows(tfl::BuiltinOperator_DEQUANTIZE);
  QuantParams by_row{{1.f, 0.5f}, {0, 2}, 0};
  rows.AddInput(DType::kInt8, {2, 3}, by_row);
  rows.AddOutput(DType::kFloat32);
  auto out = RunReference<float>(rows, nullptr, std::vector<int8_t>{1, 2, 3, 4, 6, 8});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{1, 2, 3, 1, 2, 3}));

  OneOpModel cols(tfl::BuiltinOperator_DEQUANTIZE);
  QuantParams by_col{{1.f, 2.f, 4.f}, {0, 0, 1}, 1};
  cols.AddInput(DType::kInt8, {2, 3}, by_col);
  cols.AddOutput(DType::kFloat32);
  out = RunReference<float>(cols, nullptr, std::vector<int8_t>{1, 2, 3, 4, 6, 8});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{1, 4, 8, 4, 12, 28}));
}

TEST(DequantizeTest, RejectsMissingQuantizationAndWrongOutput) {
  OneOpModel no_quant(tfl::BuiltinOperator_DEQUANTIZE);
  no_quant.AddInput(DType::kInt8, {2});
  no_quant.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(no_quant).find("no quantization"), std::string::npos) << CreateError(no_quant);

  OneOpModel bad_output(tfl::BuiltinOperator_DEQUANTIZE);
  bad_output.AddInput(DType::kFloat16, {2});
  bad_output.AddOutput(DType::kInt32);
  EXPECT_NE(CreateError(bad_output).find("not FLOAT32"), std::string::npos) << CreateError(bad_output);

  OneOpModel float_in(tfl::BuiltinOperator_DEQUANTIZE);
  float_in.AddInput(DType::kFloat32, {2});
  float_in.AddOutput(DType::kFloat32);
  EXPECT_NE(CreateError(float_in).find("FLOAT32 is not supported"), std::string::npos) << CreateError(float_in);
}

}  // namespace
}  // namespace edgepose::testing
