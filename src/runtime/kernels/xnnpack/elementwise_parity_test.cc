// XNNPACK elementwise kernels against the reference on random shapes: binary ops with
// broadcasting and fused activations (float32; int8 ADD/SUB/MUL within one step); unary float ops;
// int8 LOGISTIC/TANH within one step.
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

int Pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

Shape RandomShape(std::mt19937& rng, int rank) {
  Shape shape;
  for (int d = 0; d < rank; ++d) shape.push_back(Pick(rng, 1, 9));
  return shape;
}

// b's shape: same as a, a suffix of a, or a with some dims set to 1 (NumPy broadcasting).
Shape BroadcastPartner(std::mt19937& rng, const Shape& a) {
  switch (Pick(rng, 0, 3)) {
    case 0: return a;
    case 1: return Shape(a.end() - Pick(rng, 1, static_cast<int>(a.size())), a.end());
    case 2: return Shape{1};
    default: {
      Shape b = a;
      for (int32_t& d : b)
        if (Pick(rng, 0, 1)) d = 1;
      return b;
    }
  }
}

void SetBinaryActivation(OneOpModel& model, tfl::BuiltinOperator op, tfl::ActivationFunctionType activation) {
  if (op == tfl::BuiltinOperator_ADD) {
    tfl::AddOptionsT options;
    options.fused_activation_function = activation;
    model.options().Set(std::move(options));
  } else if (op == tfl::BuiltinOperator_MUL) {
    tfl::MulOptionsT options;
    options.fused_activation_function = activation;
    model.options().Set(std::move(options));
  } else if (op == tfl::BuiltinOperator_SUB) {
    tfl::SubOptionsT options;
    options.fused_activation_function = activation;
    model.options().Set(std::move(options));
  }
}

void RunBinaryCases(tfl::BuiltinOperator op, bool has_activation, uint32_t seed) {
  std::mt19937 rng(seed);
  const tfl::ActivationFunctionType activations[] = {
      tfl::ActivationFunctionType_NONE, tfl::ActivationFunctionType_RELU, tfl::ActivationFunctionType_RELU6,
      tfl::ActivationFunctionType_RELU_N1_TO_1};
  for (int i = 0; i < 40; ++i) {
    Shape a = RandomShape(rng, Pick(rng, 1, 4));
    Shape b = BroadcastPartner(rng, a);
    if (Pick(rng, 0, 1)) std::swap(a, b);
    const auto activation = has_activation ? activations[Pick(rng, 0, 3)] : tfl::ActivationFunctionType_NONE;
    OneOpModel model(op);
    model.AddInput(DType::kFloat32, a);
    if (Pick(rng, 0, 3) == 0) {  // a constant operand, as models have (bias-like adds)
      std::vector<float> values(static_cast<size_t>(NumElements(b)));
      for (float& v : values) v = std::uniform_real_distribution<float>(-2.f, 2.f)(rng);
      model.AddConstant(DType::kFloat32, b, values);
    } else {
      model.AddInput(DType::kFloat32, b);
    }
    model.AddOutput(DType::kFloat32);
    SetBinaryActivation(model, op, activation);
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    const std::string what = std::string(OpName(op)) + " " + ShapeToString(a) + " x " + ShapeToString(b) + " " +
                             tfl::EnumNameActivationFunctionType(activation);
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), what, 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackBinaryTest, AddMatchesReference) { EP_SKIP_WITHOUT_XNNPACK(); RunBinaryCases(tfl::BuiltinOperator_ADD, true, 1); }
TEST(XnnpackBinaryTest, MulMatchesReference) { EP_SKIP_WITHOUT_XNNPACK(); RunBinaryCases(tfl::BuiltinOperator_MUL, true, 2); }
TEST(XnnpackBinaryTest, SubMatchesReference) { EP_SKIP_WITHOUT_XNNPACK(); RunBinaryCases(tfl::BuiltinOperator_SUB, true, 3); }
TEST(XnnpackBinaryTest, MaximumMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunBinaryCases(tfl::BuiltinOperator_MAXIMUM, false, 4);
}
TEST(XnnpackBinaryTest, MinimumMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunBinaryCases(tfl::BuiltinOperator_MINIMUM, false, 5);
}

// Same-shape operands with many elements run as one operator per thread on contiguous slices
// (binary_common.h): uneven slice sizes, float32 and int8, 2 and 3 threads, against the reference.
TEST(XnnpackBinaryTest, LargeSameShapeOperandsRunInSlicesPerThread) {
  EP_SKIP_WITHOUT_XNNPACK();
  const tfl::BuiltinOperator ops[] = {tfl::BuiltinOperator_ADD, tfl::BuiltinOperator_SUB, tfl::BuiltinOperator_MUL,
                                      tfl::BuiltinOperator_MAXIMUM, tfl::BuiltinOperator_MINIMUM};
  const Shape shape{1, 67, 61, 5};  // 20435 elements: no slice boundary falls on a row or a vector
  uint32_t seed = 90;
  for (const auto op : ops) {
    for (const bool int8 : {false, true}) {
      if (int8 && (op == tfl::BuiltinOperator_MAXIMUM || op == tfl::BuiltinOperator_MINIMUM)) continue;
      for (const int threads : {2, 3}) {
        OneOpModel model(op, int8 ? 2 : 1);
        const QuantParams quant{{0.03f}, {5}, 0};
        model.AddInput(int8 ? DType::kInt8 : DType::kFloat32, shape, int8 ? quant : QuantParams{});
        model.AddInput(int8 ? DType::kInt8 : DType::kFloat32, shape, int8 ? quant : QuantParams{});
        model.AddOutput(int8 ? DType::kInt8 : DType::kFloat32, {},
                        int8 ? QuantParams{{op == tfl::BuiltinOperator_MUL ? 0.01f : 0.06f}, {-3}, 0} : QuantParams{});
        SetBinaryActivation(model, op, tfl::ActivationFunctionType_NONE);
        auto built = model.Build();
        ASSERT_TRUE(built) << built.error().message;
        const std::string kernel = std::string("xnnpack/") + OpName(op) + " (" + std::to_string(threads) + " slices)";
        const std::string what = kernel + (int8 ? " int8" : " float32");
        ExpectParity(*built, kernel, what, threads, ++seed);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// Int8 ADD / SUB / MUL with random per-tensor scales and zero points, broadcasting and fused
// activations: XNNPACK requantizes in fp32, TFLite in fixed point, so within one step.
void RunInt8BinaryCases(tfl::BuiltinOperator op, uint32_t seed) {
  std::mt19937 rng(seed);
  const tfl::ActivationFunctionType activations[] = {tfl::ActivationFunctionType_NONE, tfl::ActivationFunctionType_RELU,
                                                     tfl::ActivationFunctionType_RELU6};
  auto random_quant = [&](float lo, float hi) {
    return QuantParams{{std::uniform_real_distribution<float>(lo, hi)(rng)}, {Pick(rng, -40, 40)}, 0};
  };
  for (int i = 0; i < 30; ++i) {
    Shape a = RandomShape(rng, Pick(rng, 1, 4));
    Shape b = BroadcastPartner(rng, a);
    if (Pick(rng, 0, 1)) std::swap(a, b);
    const auto activation = activations[Pick(rng, 0, 2)];
    const QuantParams qa = random_quant(0.01f, 0.05f), qb = random_quant(0.01f, 0.05f);
    const QuantParams qo = op == tfl::BuiltinOperator_MUL ? random_quant(0.002f, 0.02f) : random_quant(0.02f, 0.08f);
    OneOpModel model(op, 2);
    model.AddInput(DType::kInt8, a, qa);
    model.AddInput(DType::kInt8, b, qb);
    model.AddOutput(DType::kInt8, {}, qo);
    SetBinaryActivation(model, op, activation);
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    const std::string what = std::string(OpName(op)) + " int8 " + ShapeToString(a) + " x " + ShapeToString(b) + " " +
                             tfl::EnumNameActivationFunctionType(activation);
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), what, 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackBinaryTest, Int8AddWithinOneStep) { EP_SKIP_WITHOUT_XNNPACK(); RunInt8BinaryCases(tfl::BuiltinOperator_ADD, 30); }
TEST(XnnpackBinaryTest, Int8SubWithinOneStep) { EP_SKIP_WITHOUT_XNNPACK(); RunInt8BinaryCases(tfl::BuiltinOperator_SUB, 31); }
TEST(XnnpackBinaryTest, Int8MulWithinOneStep) { EP_SKIP_WITHOUT_XNNPACK(); RunInt8BinaryCases(tfl::BuiltinOperator_MUL, 32); }

// One float unary op on random shapes; `configure` sets options / extra inputs.
template <class Configure>
void RunUnaryCases(tfl::BuiltinOperator op, uint32_t seed, Configure configure) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 25; ++i) {
    const Shape shape = RandomShape(rng, Pick(rng, 1, 4));
    OneOpModel model(op);
    model.AddInput(DType::kFloat32, shape);
    configure(model, shape, rng);
    model.AddOutput(DType::kFloat32);
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), std::string(OpName(op)) + " " + ShapeToString(shape),
                 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

auto kNoOptions = [](OneOpModel&, const Shape&, std::mt19937&) {};

TEST(XnnpackUnaryTest, LogisticMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_LOGISTIC, 10, kNoOptions);
}
TEST(XnnpackUnaryTest, HardSwishMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_HARD_SWISH, 11, kNoOptions);
}
TEST(XnnpackUnaryTest, ReluFamilyMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_RELU, 12, kNoOptions);
  RunUnaryCases(tfl::BuiltinOperator_RELU6, 13, kNoOptions);
  RunUnaryCases(tfl::BuiltinOperator_RELU_N1_TO_1, 14, kNoOptions);
}
TEST(XnnpackUnaryTest, LeakyReluMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_LEAKY_RELU, 15, [](OneOpModel& model, const Shape&, std::mt19937& rng) {
    tfl::LeakyReluOptionsT options;
    options.alpha = std::uniform_real_distribution<float>(0.01f, 0.5f)(rng);
    model.options().Set(std::move(options));
  });
}
TEST(XnnpackUnaryTest, SoftmaxMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_SOFTMAX, 16, [](OneOpModel& model, const Shape&, std::mt19937&) {
    tfl::SoftmaxOptionsT options;
    options.beta = 1.f;
    model.options().Set(std::move(options));
  });
}
TEST(XnnpackUnaryTest, PreluWithPerChannelSlopeMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunUnaryCases(tfl::BuiltinOperator_PRELU, 17, [](OneOpModel& model, const Shape& shape, std::mt19937& rng) {
    std::vector<float> slopes(static_cast<size_t>(shape.back()));
    for (float& s : slopes) s = std::uniform_real_distribution<float>(-0.5f, 0.5f)(rng);
    // Leading 1s only up to the input's rank: a longer alpha would broadcast the output to a new shape.
    const Shape alpha_shape = shape.size() >= 3 && Pick(rng, 0, 1) ? Shape{1, 1, shape.back()} : Shape{shape.back()};
    model.AddConstant(DType::kFloat32, alpha_shape, slopes);
  });
}

// Int8 sigmoid / tanh with TFLite's fixed output quantization; XNNPACK's tables vs TFLite's
// float-computed tables may round differently by one step.
void RunInt8Unary(tfl::BuiltinOperator op, float out_scale, int64_t out_zero, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 10; ++i) {
    const Shape shape = RandomShape(rng, Pick(rng, 1, 4));
    const float in_scale = std::uniform_real_distribution<float>(0.01f, 0.1f)(rng);
    const int64_t in_zero = Pick(rng, -30, 30);
    OneOpModel model(op, 2);
    model.AddInput(DType::kInt8, shape, QuantParams{{in_scale}, {in_zero}, 0});
    model.AddOutput(DType::kInt8, {}, QuantParams{{out_scale}, {out_zero}, 0});
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), std::string(OpName(op)) + " int8 " + ShapeToString(shape),
                 1, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackUnaryTest, Int8LogisticWithinOneStep) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunInt8Unary(tfl::BuiltinOperator_LOGISTIC, 1.f / 256, -128, 20);
}
TEST(XnnpackUnaryTest, Int8TanhWithinOneStep) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunInt8Unary(tfl::BuiltinOperator_TANH, 1.f / 128, 0, 21);
}

}  // namespace
}  // namespace edgepose::testing
