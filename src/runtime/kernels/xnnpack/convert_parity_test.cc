// XNNPACK QUANTIZE (float32 -> int8 / uint8) and DEQUANTIZE (int8 / uint8 -> float32) against the
// reference kernels on random shapes and quantization: QUANTIZE within one step (fp32 multiply
// and round-half-even vs TFLite's double division and round-half-away), DEQUANTIZE within the
// float tolerance. Each case asserts the XNNPACK kernel ran (parity_testing.h).
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

}  // namespace
}  // namespace edgepose::testing
