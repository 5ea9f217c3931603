#include "quant/passes/equalize_channels.h"

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "edgepose/interpreter.h"
#include "quant/passes/graph_edit.h"
#include "core/npy.h"
#include "quant/quantizer.h"

namespace edgepose::quant {
namespace {

constexpr int kSize = 6;

// input [1,6,6,2] -> CONV_2D 1x1 (3 channels, RELU6) -> "hidden" -> PAD 1 -> DEPTHWISE 3x3 (VALID)
// -> "out" [1,6,6,3]. The hidden channels span very different ranges (weights 1, 0.01, 0.1 of
// each other) and the depthwise multiplies the small ones back up: the case equalization is for.
Model PadDepthwiseModel() {
  auto ir = std::make_unique<tfl::ModelT>();
  ir->version = 3;
  ir->buffers.push_back(std::make_unique<tfl::BufferT>());
  auto owned = std::make_unique<tfl::SubGraphT>();
  tfl::SubGraphT& sg = *owned;
  ir->subgraphs.push_back(std::move(owned));
  const int32_t input = AddTensor(sg, "input", {1, kSize, kSize, 2}, tfl::TensorType_FLOAT32);
  const int32_t filter = AddTensor(sg, "filter", {3, 1, 1, 2}, tfl::TensorType_FLOAT32,
                                   AddBufferOf<float>(*ir, {0.8f, 0.5f, -0.006f, 0.01f, 0.05f, 0.07f}));
  const int32_t bias = AddTensor(sg, "bias", {3}, tfl::TensorType_FLOAT32, AddBufferOf<float>(*ir, {0.5f, 0.01f, 0.02f}));
  const int32_t hidden = AddTensor(sg, "hidden", {1, kSize, kSize, 3}, tfl::TensorType_FLOAT32);
  const int32_t paddings = AddTensor(sg, "paddings", {4, 2}, tfl::TensorType_INT32,
                                     AddBufferOf<int32_t>(*ir, {0, 0, 1, 1, 1, 1, 0, 0}));
  const int32_t padded = AddTensor(sg, "padded", {1, kSize + 2, kSize + 2, 3}, tfl::TensorType_FLOAT32);
  std::vector<float> taps(27);
  for (int i = 0; i < 27; ++i) taps[i] = (i % 3 == 0 ? 0.3f : i % 3 == 1 ? 40.f : 6.f) * ((i * 7) % 5 - 2) / 2.f;
  const int32_t dw_filter = AddTensor(sg, "dw_filter", {1, 3, 3, 3}, tfl::TensorType_FLOAT32, AddBufferOf<float>(*ir, taps));
  const int32_t dw_bias = AddTensor(sg, "dw_bias", {3}, tfl::TensorType_FLOAT32, AddBufferOf<float>(*ir, {0.f, 0.1f, -0.1f}));
  const int32_t out = AddTensor(sg, "out", {1, kSize, kSize, 3}, tfl::TensorType_FLOAT32);
  sg.inputs = {input};
  sg.outputs = {out};
  auto conv = MakeOperator(*ir, tfl::BuiltinOperator_CONV_2D, {input, filter, bias}, {hidden});
  tfl::Conv2DOptionsT conv_options;
  conv_options.padding = tfl::Padding_VALID;
  conv_options.stride_w = conv_options.stride_h = 1;
  conv_options.fused_activation_function = tfl::ActivationFunctionType_RELU6;
  conv->builtin_options.Set(conv_options);
  sg.operators.push_back(std::move(conv));
  auto pad = MakeOperator(*ir, tfl::BuiltinOperator_PAD, {hidden, paddings}, {padded});
  pad->builtin_options.Set(tfl::PadOptionsT{});
  sg.operators.push_back(std::move(pad));
  auto dw = MakeOperator(*ir, tfl::BuiltinOperator_DEPTHWISE_CONV_2D, {padded, dw_filter, dw_bias}, {out});
  tfl::DepthwiseConv2DOptionsT dw_options;
  dw_options.padding = tfl::Padding_VALID;
  dw_options.stride_w = dw_options.stride_h = 1;
  dw_options.depth_multiplier = 1;
  dw->builtin_options.Set(dw_options);
  sg.operators.push_back(std::move(dw));
  auto model = Model::FromIr(std::move(ir), "pad_depthwise");
  EXPECT_TRUE(model.has_value()) << model.error().message;
  return std::move(*model);
}

std::vector<CalibrationSample> Samples(int count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(0.f, 4.f);
  std::vector<CalibrationSample> samples(static_cast<size_t>(count));
  for (auto& sample : samples) {
    sample.source = "random";
    sample.data.resize(kSize * kSize * 2);
    for (float& v : sample.data) v = dist(rng);
  }
  return samples;
}

// Output of `model` and, when asked, per-channel max of "hidden", on one sample.
std::vector<float> RunModel(const Model& model, const CalibrationSample& sample, std::vector<float>* hidden_max = nullptr) {
  InterpreterOptions options;
  options.backend = Backend::kReference;
  options.tensor_observer = [&](int, const Tensor& tensor) {
    if (!hidden_max || tensor.name != "hidden" || tensor.type != DType::kFloat32) return;
    hidden_max->resize(3, 0.f);
    for (int64_t i = 0; i < tensor.num_elements(); ++i)
      (*hidden_max)[i % 3] = std::max((*hidden_max)[i % 3], std::fabs(tensor.data_as<float>()[i]));
  };
  auto interpreter = Interpreter::Create(model, options);
  EXPECT_TRUE(interpreter.has_value()) << interpreter.error().message;
  if (!interpreter) return {};
  Tensor& input = (*interpreter)->input(0);
  std::copy(sample.data.begin(), sample.data.end(), input.data_as<float>());
  EXPECT_TRUE((*interpreter)->Invoke().has_value());
  const Tensor& output = (*interpreter)->output(0);
  std::vector<float> values(output.num_elements());
  if (output.type == DType::kFloat32) std::copy_n(output.data_as<float>(), values.size(), values.begin());
  return values;
}

TEST(EqualizeChannelsTest, FloatFunctionIsUnchangedAndSmallChannelsAreLifted) {
  Model original = PadDepthwiseModel();
  Model equalized = PadDepthwiseModel();
  const auto calibration = Samples(8, 1);
  auto summary = EqualizeChannels(equalized, calibration);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->pairs, 1);
  EXPECT_EQ(summary->channels_rescaled, 2);  // the two small channels; the largest keeps scale 1

  std::vector<float> before_max, after_max;
  for (const auto& sample : calibration) {
    RunModel(original, sample, &before_max);
    RunModel(equalized, sample, &after_max);
  }
  const float tensor_max = *std::max_element(before_max.begin(), before_max.end());
  ASSERT_LT(*std::min_element(before_max.begin(), before_max.end()), 0.05f * tensor_max);  // the premise
  for (int c = 0; c < 3; ++c) {
    // RELU6 producer: lifted to half the tensor's maximum (never lowered), so the clip at 6 moves
    // no closer than twice what calibration saw.
    EXPECT_GE(after_max[c], std::min(before_max[c], 0.5f * tensor_max) * 0.999f) << "channel " << c;
    EXPECT_LE(after_max[c], std::max(before_max[c], 0.5f * tensor_max) * 1.001f) << "channel " << c;
  }
  // Same function on inputs it was not calibrated on (same range: the clip is never reached).
  for (const auto& sample : Samples(8, 2)) {
    const auto a = RunModel(original, sample), b = RunModel(equalized, sample);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4f * (1.f + std::fabs(a[i]))) << i;
  }
}

// Property: the int8 model made after equalization is closer to the float model than the one made
// without, measured on held-out inputs.
TEST(EqualizeChannelsTest, Int8ErrorShrinks) {
  const Model model = PadDepthwiseModel();
  const auto calibration = Samples(16, 3);
  const auto held_out = Samples(16, 4);
  auto error_of = [&](bool equalize) {
    const std::string dir = ::testing::TempDir() + "/equalize_" + std::to_string(equalize);
    std::filesystem::create_directories(dir);
    QuantizeOptions options;
    options.mode = QuantMode::kInt8;
    options.equalize_channels = equalize;
    options.report_samples = 0;
    for (size_t i = 0; i < calibration.size(); ++i) {
      NpyArray array = MakeNpyArray(DType::kFloat32, {1, kSize, kSize, 2});
      std::copy(calibration[i].data.begin(), calibration[i].data.end(), array.data_as<float>());
      options.calib_paths.push_back(dir + "/c" + std::to_string(i) + ".npy");
      EXPECT_TRUE(WriteNpy(options.calib_paths.back(), array).has_value());
    }
    auto outcome = QuantizeModel(model, options);
    EXPECT_TRUE(outcome.has_value()) << outcome.error().message;
    if (!outcome) return 1e9;
    double noise = 0;
    for (const auto& sample : held_out) {
      const auto f = RunModel(model, sample), q = RunModel(*outcome->model, sample);
      for (size_t i = 0; i < f.size(); ++i) noise += (f[i] - q[i]) * (f[i] - q[i]);
    }
    std::filesystem::remove_all(dir);
    return noise;
  };
  const double without = error_of(false), with = error_of(true);
  std::printf("[measured] int8 squared error on held-out inputs: %.4g without equalization, %.4g with\n", without, with);
  EXPECT_LT(with, 0.5 * without);
}

}  // namespace
}  // namespace edgepose::quant
