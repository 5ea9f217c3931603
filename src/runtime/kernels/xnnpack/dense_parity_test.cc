// XNNPACK FULLY_CONNECTED, MEAN (over H,W) and CONCATENATION against the reference kernels on
// random shapes with odd sizes: FC float32 / int8 per-tensor (qs8) / int8 per-channel (as a 1x1
// qc8 convolution), every fused activation, with and without bias, keep_num_dims; MEAN float32 and
// int8, keep_dims both ways, axes in any order; CONCATENATION along every axis, float32, int8 and
// int32. 1 and 2 threads. Each case asserts the XNNPACK kernel ran (parity_testing.h).
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

int Pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

constexpr tfl::ActivationFunctionType kActivations[] = {
    tfl::ActivationFunctionType_NONE, tfl::ActivationFunctionType_RELU, tfl::ActivationFunctionType_RELU6,
    tfl::ActivationFunctionType_RELU_N1_TO_1};

enum class Quant { kFloat, kPerTensor, kPerChannel };

Result<Model> BuildFullyConnected(std::mt19937& rng, Quant quant, const Shape& input_shape, int units, bool bias,
                                  bool keep_num_dims, tfl::ActivationFunctionType activation) {
  const int depth = input_shape.back();
  OneOpModel model(tfl::BuiltinOperator_FULLY_CONNECTED, quant == Quant::kFloat ? 1 : 4);
  const size_t weight_count = static_cast<size_t>(units) * static_cast<size_t>(depth);
  if (quant == Quant::kFloat) {
    std::normal_distribution<float> dist(0.f, 1.f / std::sqrt(static_cast<float>(depth)));
    std::vector<float> weights(weight_count), bias_values(static_cast<size_t>(units));
    for (float& v : weights) v = dist(rng);
    for (float& v : bias_values) v = dist(rng);
    model.AddInput(DType::kFloat32, input_shape);
    model.AddConstant(DType::kFloat32, {units, depth}, weights);
    if (bias) model.AddConstant(DType::kFloat32, {units}, bias_values); else model.SkipInput();
    model.AddOutput(DType::kFloat32);
  } else {
    const float in_scale = 0.02f;
    model.AddInput(DType::kInt8, input_shape, QuantParams{{in_scale}, {Pick(rng, -20, 20)}, 0});
    std::vector<float> scales(quant == Quant::kPerChannel ? static_cast<size_t>(units) : 1);
    for (float& s : scales) s = std::uniform_real_distribution<float>(0.002f, 0.01f)(rng);
    std::vector<int8_t> weights(weight_count);
    for (int8_t& v : weights) v = static_cast<int8_t>(Pick(rng, -127, 127));
    model.AddConstant(DType::kInt8, {units, depth}, weights,
                      QuantParams{scales, std::vector<int64_t>(scales.size(), 0), 0});
    std::vector<int32_t> bias_values(static_cast<size_t>(units));
    for (int32_t& v : bias_values) v = Pick(rng, -2000, 2000);
    std::vector<float> bias_scales;
    for (float s : scales) bias_scales.push_back(in_scale * s);
    if (bias)
      model.AddConstant(DType::kInt32, {units}, bias_values,
                        QuantParams{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
    else
      model.SkipInput();
    // Output scale near the accumulator's spread so results use the int8 range.
    const float out_scale = in_scale * 0.006f * std::sqrt(static_cast<float>(depth)) * 40.f / 8.f;
    model.AddOutput(DType::kInt8, {}, QuantParams{{out_scale}, {Pick(rng, -10, 10)}, 0});
  }
  tfl::FullyConnectedOptionsT options;
  options.fused_activation_function = activation;
  options.keep_num_dims = keep_num_dims;
  model.options().Set(std::move(options));
  return model.Build();
}

TEST(XnnpackFullyConnectedTest, MatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(11);
  for (int i = 0; i < 36; ++i) {
    const Quant quant = static_cast<Quant>(i % 3);
    Shape input = {Pick(rng, 1, 5), Pick(rng, 1, 37)};
    const bool keep_num_dims = Pick(rng, 0, 2) == 0;
    if (Pick(rng, 0, 1)) input.insert(input.begin(), Pick(rng, 1, 3));  // rank 3: flattened to batches
    const int units = Pick(rng, 1, 41);
    const bool bias = Pick(rng, 0, 3) != 0;
    const auto activation = kActivations[Pick(rng, 0, 3)];
    auto model = BuildFullyConnected(rng, quant, input, units, bias, keep_num_dims, activation);
    ASSERT_TRUE(model) << model.error().message;
    const std::string what = "FC quant " + std::to_string(i % 3) + " in " + ShapeToString(input) + " units " +
                             std::to_string(units) + (bias ? " bias" : "") + (keep_num_dims ? " keep" : "") + " " +
                             tfl::EnumNameActivationFunctionType(activation);
    ExpectParity(*model, "xnnpack/FULLY_CONNECTED", what, 1 + i % 2, 100 + i);
    if (HasFailure()) return;
  }
}

Result<Model> BuildMean(std::mt19937& rng, bool quantized, const Shape& input, std::vector<int32_t> axes,
                        bool keep_dims) {
  OneOpModel model(tfl::BuiltinOperator_MEAN, quantized ? 2 : 1);
  if (quantized) {
    model.AddInput(DType::kInt8, input, QuantParams{{0.03f}, {Pick(rng, -30, 30)}, 0});
  } else {
    model.AddInput(DType::kFloat32, input);
  }
  model.AddConstant(DType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  if (quantized)
    model.AddOutput(DType::kInt8, {}, QuantParams{{0.03f * static_cast<float>(Pick(rng, 1, 3)) / 2.f}, {Pick(rng, -5, 5)}, 0});
  else
    model.AddOutput(DType::kFloat32);
  tfl::ReducerOptionsT options;
  options.keep_dims = keep_dims;
  model.options().Set(std::move(options));
  return model.Build();
}

TEST(XnnpackMeanTest, GlobalAverageMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(12);
  const std::vector<std::vector<int32_t>> axes_choices = {{1, 2}, {2, 1}, {-3, -2}, {1, 2, 2}};
  for (int i = 0; i < 24; ++i) {
    const bool quantized = i % 2 == 1;
    const Shape input = {Pick(rng, 1, 3), Pick(rng, 1, 17), Pick(rng, 1, 17), Pick(rng, 1, 37)};
    const auto& axes = axes_choices[static_cast<size_t>(Pick(rng, 0, 3))];
    const bool keep_dims = Pick(rng, 0, 1) == 1;
    auto model = BuildMean(rng, quantized, input, axes, keep_dims);
    ASSERT_TRUE(model) << model.error().message;
    const std::string what = std::string("MEAN ") + (quantized ? "int8 " : "float ") + ShapeToString(input) +
                             " axes " + std::to_string(axes[0]) + "," + std::to_string(axes[1]) +
                             (keep_dims ? " keep" : "");
    ExpectParity(*model, "xnnpack/MEAN", what, 1 + i % 2, 200 + i);
    if (HasFailure()) return;
  }
}

TEST(XnnpackConcatenationTest, MatchesReferenceOnEveryAxis) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(13);
  const DType types[] = {DType::kFloat32, DType::kInt8, DType::kInt32};
  for (int i = 0; i < 30; ++i) {
    const DType type = types[i % 3];
    const int rank = Pick(rng, 1, 4);
    Shape base;
    for (int d = 0; d < rank; ++d) base.push_back(Pick(rng, 1, 7));
    const int axis = Pick(rng, 0, rank - 1);
    const int inputs = Pick(rng, 1, 4);
    const QuantParams quant = type == DType::kInt8 ? QuantParams{{0.05f}, {3}, 0} : QuantParams{};
    OneOpModel model(tfl::BuiltinOperator_CONCATENATION, type == DType::kInt8 ? 2 : 1);
    std::string what = std::string("CONCATENATION ") + DTypeName(type) + " axis " + std::to_string(axis) + ":";
    for (int k = 0; k < inputs; ++k) {
      Shape shape = base;
      shape[static_cast<size_t>(axis)] = Pick(rng, 1, 5);
      what += " " + ShapeToString(shape);
      if (k > 0 && Pick(rng, 0, 4) == 0 && type == DType::kFloat32) {  // a constant operand
        std::vector<float> values(static_cast<size_t>(NumElements(shape)));
        for (float& v : values) v = std::uniform_real_distribution<float>(-1.f, 1.f)(rng);
        model.AddConstant(type, shape, values);
      } else {
        model.AddInput(type, shape, quant);
      }
    }
    model.AddOutput(type, {}, quant);
    tfl::ConcatenationOptionsT options;
    options.axis = Pick(rng, 0, 1) ? axis : axis - rank;  // negative axes too
    model.options().Set(std::move(options));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, "xnnpack/CONCATENATION", what, 1 + i % 2, 300 + i);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace edgepose::testing
