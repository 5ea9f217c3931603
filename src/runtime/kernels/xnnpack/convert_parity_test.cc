// XNNPACK QUANTIZE (float32 -> int8 / uint8) and DEQUANTIZE (int8 / uint8 -> float32) against the
// reference kernels on random shapes and quantization: QUANTIZE within one step (fp32 multiply
// and round-half-even vs TFLite's double division and round-half-away), DEQUANTIZE within the
// float tolerance; 8-bit requantizing QUANTIZE against its closed form. Each case asserts the
// XNNPACK kernel ran (parity_testing.h).
#include <algorithm>
#include <cmath>
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

int Pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

Shape RandomShape(std::mt19937& rng) {
  Shape shape;
  for (int d = Pick(rng, 1, 4); d > 0; --d) shape.push_back(Pick(rng, 1, 23));
  return shape;
}

QuantParams RandomQuant(std::mt19937& rng, DType type) {
  const float scale = std::uniform_real_distribution<float>(0.004f, 0.05f)(rng);
  const int zero_point = type == DType::kInt8 ? Pick(rng, -60, 60) : Pick(rng, 60, 190);
  return QuantParams{{scale}, {zero_point}, 0};
}

TEST(XnnpackConvertTest, QuantizeWithinOneStep) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(41);
  for (int i = 0; i < 20; ++i) {
    const DType type = i % 2 ? DType::kUInt8 : DType::kInt8;
    const Shape shape = RandomShape(rng);
    OneOpModel model(tfl::BuiltinOperator_QUANTIZE);
    model.AddInput(DType::kFloat32, shape);  // parity_testing fills [-2, 2): saturates the small scales too
    model.AddOutput(type, {}, RandomQuant(rng, type));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, "xnnpack/QUANTIZE", std::string("QUANTIZE to ") + DTypeName(type) + " " + ShapeToString(shape),
                 1 + i % 2, 400 + i);
    if (HasFailure()) return;
  }
}

TEST(XnnpackConvertTest, DequantizeMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(42);
  for (int i = 0; i < 20; ++i) {
    const DType type = i % 2 ? DType::kUInt8 : DType::kInt8;
    const Shape shape = RandomShape(rng);
    OneOpModel model(tfl::BuiltinOperator_DEQUANTIZE, 2);
    model.AddInput(type, shape, RandomQuant(rng, type));
    model.AddOutput(DType::kFloat32);
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, "xnnpack/DEQUANTIZE",
                 std::string("DEQUANTIZE from ") + DTypeName(type) + " " + ShapeToString(shape), 1 + i % 2, 500 + i);
    if (HasFailure()) return;
  }
}

// 8-bit -> 8-bit QUANTIZE (requantize) against its closed form over every int8 input value,
// out = clamp(round((q - zp_in) * s_in / s_out) + zp_out), and against the reference kernel.
void ExpectRequantize(float in_scale, int64_t in_zero, DType out_type, float out_scale, int64_t out_zero,
                      int tolerance) {
  OneOpModel model(tfl::BuiltinOperator_QUANTIZE, 2);
  model.AddInput(DType::kInt8, {2, 128}, QuantParams{{in_scale}, {in_zero}, 0});
  model.AddOutput(out_type, {}, QuantParams{{out_scale}, {out_zero}, 0});
  auto built = model.Build();
  ASSERT_TRUE(built) << built.error().message;
  InterpreterOptions options;
  options.backend = Backend::kXnnpack;
  auto interpreter = Interpreter::Create(*built, options);
  ASSERT_TRUE(interpreter) << interpreter.error().message;
  std::vector<int8_t> values;
  for (int v = -128; v < 128; ++v) values.push_back(static_cast<int8_t>(v));
  Fill((*interpreter)->input(0), values);
  ASSERT_TRUE((*interpreter)->Invoke());
  ASSERT_EQ((*interpreter)->profile().at(0).kernel, "xnnpack/QUANTIZE");
  const Tensor& out = (*interpreter)->output(0);
  const int lo = out_type == DType::kInt8 ? -128 : 0, hi = out_type == DType::kInt8 ? 127 : 255;
  for (int v = -128; v < 128; ++v) {
    const double real = (v - in_zero) * static_cast<double>(in_scale) / out_scale;
    const int expected = std::clamp(static_cast<int>(std::lround(real)) + static_cast<int>(out_zero), lo, hi);
    const size_t i = static_cast<size_t>(v + 128);
    const int got = out_type == DType::kInt8 ? out.data_as<int8_t>()[i] : out.data_as<uint8_t>()[i];
    EXPECT_LE(std::abs(got - expected), tolerance) << "input " << v;
  }
}

TEST(XnnpackConvertTest, RequantizeInt8MatchesClosedForm) {
  EP_SKIP_WITHOUT_XNNPACK();
  ExpectRequantize(0.5f, -3, DType::kInt8, 0.25f, 10, 0);   // out = 2 (q + 3) + 10, exact
  ExpectRequantize(0.5f, 0, DType::kUInt8, 0.5f, 128, 0);   // out = q + 128, exact
  ExpectRequantize(0.3f, 7, DType::kInt8, 0.2f, -5, 1);     // ties and rounding: one step
}

TEST(XnnpackConvertTest, RequantizeWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(43);
  for (int i = 0; i < 12; ++i) {
    const DType out_type = i % 2 ? DType::kUInt8 : DType::kInt8;
    const Shape shape = RandomShape(rng);
    OneOpModel model(tfl::BuiltinOperator_QUANTIZE, 2);
    model.AddInput(DType::kInt8, shape, RandomQuant(rng, DType::kInt8));
    model.AddOutput(out_type, {}, RandomQuant(rng, out_type));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, "xnnpack/QUANTIZE", std::string("requantize to ") + DTypeName(out_type) + " " + ShapeToString(shape),
                 1 + i % 2, 600 + i);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace edgepose::testing
