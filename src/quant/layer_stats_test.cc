#include "quant/layer_stats.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "edgepose/interpreter.h"
#include "quant/calibrator.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/weight_rounding.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::quant {
namespace {

using edgepose::testing::OneOpModel;

struct ConvGeometry {
  bool depthwise = false;
  int in_h = 7, in_w = 6, in_c = 3, out_c = 4, k = 3, stride = 2, dilation = 1;
  tfl::Padding padding = tfl::Padding_SAME;
};

Result<Model> ConvModel(const ConvGeometry& g, const std::vector<float>& filter, const std::vector<float>& bias) {
  OneOpModel m(g.depthwise ? tfl::BuiltinOperator_DEPTHWISE_CONV_2D : tfl::BuiltinOperator_CONV_2D, 2);
  m.AddInput(DType::kFloat32, {1, g.in_h, g.in_w, g.in_c});
  m.AddConstant(DType::kFloat32, g.depthwise ? Shape{1, g.k, g.k, g.out_c} : Shape{g.out_c, g.k, g.k, g.in_c}, filter);
  m.AddConstant(DType::kFloat32, {g.out_c}, bias);
  m.AddOutput(DType::kFloat32);
  if (g.depthwise) {
    tfl::DepthwiseConv2DOptionsT o;
    o.padding = g.padding;
    o.stride_h = o.stride_w = g.stride;
    o.dilation_h_factor = o.dilation_w_factor = g.dilation;
    o.depth_multiplier = g.out_c / g.in_c;
    m.options().Set(o);
  } else {
    tfl::Conv2DOptionsT o;
    o.padding = g.padding;
    o.stride_h = o.stride_w = g.stride;
    o.dilation_h_factor = o.dilation_w_factor = g.dilation;
    m.options().Set(o);
  }
  return m.Build();
}

// im2col written out from the TFLite padding rule: SAME gives ceil(in / stride) outputs and
// floor(total padding / 2) before; VALID none. Patches in (ky, kx, c) order, padded taps zero.
std::vector<std::vector<float>> Patches(const ConvGeometry& g, const std::vector<float>& input) {
  const int span = (g.k - 1) * g.dilation + 1;
  auto out_size = [&](int in) { return g.padding == tfl::Padding_SAME ? (in + g.stride - 1) / g.stride : (in - span) / g.stride + 1; };
  const int oh = out_size(g.in_h), ow = out_size(g.in_w);
  auto before = [&](int in, int out) { return g.padding == tfl::Padding_SAME ? std::max((out - 1) * g.stride + span - in, 0) / 2 : 0; };
  const int top = before(g.in_h, oh), left = before(g.in_w, ow);
  std::vector<std::vector<float>> patches;
  for (int oy = 0; oy < oh; ++oy)
    for (int ox = 0; ox < ow; ++ox) {
      std::vector<float> patch;
      for (int ky = 0; ky < g.k; ++ky)
        for (int kx = 0; kx < g.k; ++kx)
          for (int c = 0; c < g.in_c; ++c) {
            const int y = oy * g.stride + ky * g.dilation - top, x = ox * g.stride + kx * g.dilation - left;
            patch.push_back(y < 0 || y >= g.in_h || x < 0 || x >= g.in_w ? 0.f : input[(y * g.in_w + x) * g.in_c + c]);
          }
      patches.push_back(patch);
    }
  return patches;
}

std::vector<float> Random(size_t count, std::mt19937& rng, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

// Every position of these small inputs goes into H (no sampling), so H is exact.
LayerStatsOptions AllPositions() {
  LayerStatsOptions options;
  options.min_patches = 1 << 20;
  return options;
}

Tensor InputTensor(const ConvGeometry& g, std::vector<float>& data) {
  Tensor t;
  t.type = DType::kFloat32;
  t.shape = {1, g.in_h, g.in_w, g.in_c};
  t.data = reinterpret_cast<uint8_t*>(data.data());
  t.bytes = data.size() * sizeof(float);
  return t;
}

class LayerStatsGeometryTest : public ::testing::TestWithParam<ConvGeometry> {};

TEST_P(LayerStatsGeometryTest, MatchesIm2ColOfEveryPosition) {
  const ConvGeometry g = GetParam();
  std::mt19937 rng(5);
  const size_t filter_count = static_cast<size_t>(g.depthwise ? g.k * g.k * g.out_c : g.out_c * g.k * g.k * g.in_c);
  auto model = ConvModel(g, Random(filter_count, rng, -1, 1), Random(g.out_c, rng, -1, 1));
  ASSERT_TRUE(model) << model.error().message;
  auto collector = LayerStatsCollector::Create(model->ir(), AllPositions());
  ASSERT_TRUE(collector) << collector.error().message;
  ASSERT_EQ((*collector)->layer_count(), 1u);
  const int input_index = model->ir().subgraphs[0]->inputs[0];
  std::vector<std::vector<float>> all_patches;
  for (int s = 0; s < 3; ++s) {
    std::vector<float> input = Random(static_cast<size_t>(g.in_h * g.in_w * g.in_c), rng, -1, 2);
    ASSERT_TRUE((*collector)->Observe(input_index, InputTensor(g, input)));
    for (auto& p : Patches(g, input)) all_patches.push_back(std::move(p));
  }
  const auto stats = (*collector)->Finish();
  ASSERT_EQ(stats.count(0), 1u);
  const LayerStats& s = stats.at(0);
  const int taps = g.k * g.k;
  const int groups = g.depthwise ? g.in_c : 1, dim = g.depthwise ? taps : taps * g.in_c;
  ASSERT_EQ(s.groups, groups);
  ASSERT_EQ(s.dim, dim);
  EXPECT_EQ(s.patches, static_cast<int64_t>(all_patches.size()));
  const double n = static_cast<double>(all_patches.size());
  for (int grp = 0; grp < groups; ++grp)
    for (int i = 0; i < dim; ++i) {
      // Depthwise group grp reads channel grp of each tap; conv reads the whole patch.
      auto at = [&](const std::vector<float>& patch, int k) { return g.depthwise ? patch[k * g.in_c + grp] : patch[k]; };
      double mean = 0.0;
      for (const auto& p : all_patches) mean += at(p, i) / n;
      EXPECT_NEAR(s.mean[grp * dim + i], mean, 1e-5) << grp << " " << i;
      for (int j = 0; j < dim; ++j) {
        double h = 0.0;
        for (const auto& p : all_patches) h += static_cast<double>(at(p, i)) * at(p, j) / n;
        EXPECT_NEAR(s.second_moment[(static_cast<size_t>(grp) * dim + i) * dim + j], h, 1e-5) << grp << " " << i << " " << j;
      }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, LayerStatsGeometryTest,
    ::testing::Values(ConvGeometry{},                                                    // 3x3/2 SAME
                      ConvGeometry{false, 7, 6, 3, 4, 3, 1, 2, tfl::Padding_VALID},      // dilation 2
                      ConvGeometry{false, 5, 5, 2, 3, 2, 1, 1, tfl::Padding_SAME},       // even kernel
                      ConvGeometry{true, 6, 7, 4, 4, 3, 2, 1, tfl::Padding_SAME},        // depthwise
                      ConvGeometry{true, 6, 5, 2, 4, 3, 1, 1, tfl::Padding_SAME}));      // multiplier 2

// PAD (H 1/2, W 0/1, zeros) in front of a 3x3/2 VALID conv, through a real calibration run: the
// statistics are those of the padded tensor the convolution reads (im2col of it), taken from the
// PAD's input (the run fuses the PAD and never writes its output: XnnpackPadFusionTest's part).
TEST(LayerStatsPadTest, ZeroPadInFrontIsSeenPaddedDuringCalibration) {
  ConvGeometry padded;
  padded.in_h = 5 + 1 + 2, padded.in_w = 4 + 0 + 1, padded.in_c = 2, padded.padding = tfl::Padding_VALID;
  std::mt19937 rng(4);
  auto model = ConvModel(padded, Random(static_cast<size_t>(padded.out_c * 9 * padded.in_c), rng, -1, 1),
                         Random(padded.out_c, rng, -1, 1));
  ASSERT_TRUE(model) << model.error().message;
  tfl::ModelT& ir = model->mutable_ir();
  tfl::SubGraphT& sg = *ir.subgraphs[0];
  const int32_t conv_input = sg.operators[0]->inputs[0];
  const int32_t source = AddTensor(sg, "unpadded", {1, 5, 4, 2}, tfl::TensorType_FLOAT32);
  const std::vector<int32_t> pads = {0, 0, 1, 2, 0, 1, 0, 0};
  const int32_t paddings = AddTensor(sg, "paddings", {4, 2}, tfl::TensorType_INT32, AddBufferOf(ir, pads));
  sg.operators.insert(sg.operators.begin(), MakeOperator(ir, tfl::BuiltinOperator_PAD, {source, paddings}, {conv_input}));
  sg.inputs = {source};
  auto collector = LayerStatsCollector::Create(ir, AllPositions());
  ASSERT_TRUE(collector) << collector.error().message;
  std::vector<float> input = Random(5 * 4 * 2, rng, -1, 2);
  std::vector<float> padded_input(static_cast<size_t>(padded.in_h * padded.in_w * padded.in_c), 0.f);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 2; ++c) padded_input[((y + 1) * padded.in_w + x) * padded.in_c + c] = input[(y * 4 + x) * 2 + c];
  auto calibration = Calibrate(*model, {CalibrationSample{"random", input}}, ObserverOptions{}, 1, {}, collector->get());
  ASSERT_TRUE(calibration) << calibration.error().message;
  const auto stats = (*collector)->Finish();
  ASSERT_EQ(stats.count(1), 1u);  // the conv is node 1 now
  const LayerStats& s = stats.at(1);
  const auto patches = Patches(padded, padded_input);
  ASSERT_EQ(s.dim, 9 * padded.in_c);
  ASSERT_EQ(s.patches, static_cast<int64_t>(patches.size()));
  const double n = static_cast<double>(patches.size());
  for (int i = 0; i < s.dim; ++i) {
    double mean = 0.0;
    for (const auto& p : patches) mean += p[i] / n;
    EXPECT_NEAR(s.mean[i], mean, 1e-5) << i;
    for (int j = 0; j < s.dim; ++j) {
      double h = 0.0;
      for (const auto& p : patches) h += static_cast<double>(p[i]) * p[j] / n;
      EXPECT_NEAR(s.second_moment[static_cast<size_t>(i) * s.dim + j], h, 1e-5) << i << " " << j;
    }
  }
}

// Large inputs are sampled: the same seed gives the same statistics, another seed others, and the
// sample still estimates H (diagonal within 20 % of the exact E[x²] of every position).
TEST(LayerStatsSamplingTest, SampleIsSeededAndEstimatesTheSecondMoment) {
  ConvGeometry g;
  g.in_h = g.in_w = 64, g.k = 1, g.stride = 1, g.in_c = 4;
  std::mt19937 rng(2);
  auto model = ConvModel(g, Random(static_cast<size_t>(g.out_c * g.in_c), rng, -1, 1), Random(g.out_c, rng, -1, 1));
  ASSERT_TRUE(model) << model.error().message;
  std::vector<std::vector<float>> inputs;
  for (int s = 0; s < 8; ++s) inputs.push_back(Random(static_cast<size_t>(64 * 64 * 4), rng, 0, 2));
  auto collect = [&](uint32_t seed) {
    LayerStatsOptions options;
    options.seed = seed;
    auto collector = LayerStatsCollector::Create(model->ir(), options);
    EXPECT_TRUE(collector);
    for (auto& input : inputs)
      EXPECT_TRUE((*collector)->Observe(model->ir().subgraphs[0]->inputs[0], InputTensor(g, input)));
    return (*collector)->Finish().at(0);
  };
  const LayerStats a = collect(1), b = collect(1), c = collect(2);
  EXPECT_LT(a.sampled_patches, a.patches);
  EXPECT_EQ(a.second_moment, b.second_moment);
  EXPECT_NE(a.second_moment, c.second_moment);
  for (int i = 0; i < 4; ++i) {
    double exact = 0.0;  // E[x²] of channel i over every position: uniform [0, 2] -> 4/3
    for (const auto& input : inputs)
      for (size_t p = 0; p < input.size() / 4; ++p) exact += static_cast<double>(input[p * 4 + i]) * input[p * 4 + i];
    exact /= static_cast<double>(inputs.size() * (g.in_h * g.in_w));
    EXPECT_NEAR(a.second_moment[i * 4 + i], exact, 0.2 * exact) << i;
  }
}

// Mean output error over the calibration inputs, per output channel, of the conv with rounded
// weights against the float conv, both run by the interpreter. With the bias shift it is zero up
// to float error (E[(W - Wq)·x] = (W - Wq)·E[x]); without it, it is the rounding's bias.
std::vector<double> MeanOutputError(const ConvGeometry& g, const std::vector<float>& filter, const std::vector<float>& rounded,
                                    const std::vector<float>& bias, const std::vector<float>& shift,
                                    const std::vector<std::vector<float>>& inputs) {
  std::vector<float> shifted = bias;
  for (size_t c = 0; c < shifted.size() && c < shift.size(); ++c) shifted[c] += shift[c];
  auto reference = ConvModel(g, filter, bias), quantized = ConvModel(g, rounded, shifted);
  EXPECT_TRUE(reference && quantized);
  if (!reference || !quantized) return {};
  auto a = Interpreter::Create(*reference), b = Interpreter::Create(*quantized);
  EXPECT_TRUE(a && b);
  if (!a || !b) return {};
  std::vector<double> sum(static_cast<size_t>(g.out_c), 0.0);
  size_t positions = 0;
  for (const auto& input : inputs) {
    edgepose::testing::Fill((*a)->input(0), input);
    edgepose::testing::Fill((*b)->input(0), input);
    EXPECT_TRUE((*a)->Invoke() && (*b)->Invoke());
    const auto ya = edgepose::testing::Read<float>((*a)->output(0)), yb = edgepose::testing::Read<float>((*b)->output(0));
    for (size_t i = 0; i < ya.size(); ++i) sum[i % g.out_c] += static_cast<double>(yb[i]) - ya[i];
    positions += ya.size() / g.out_c;
  }
  for (double& v : sum) v /= static_cast<double>(positions);
  return sum;
}

TEST(BiasCorrectionTest, CancelsTheMeanOutputErrorOfRoundedWeights) {
  for (const bool depthwise : {false, true}) {
    ConvGeometry g;
    g.depthwise = depthwise;
    g.in_c = depthwise ? 4 : 3;
    std::mt19937 rng(9);
    const Shape shape = depthwise ? Shape{1, g.k, g.k, g.out_c} : Shape{g.out_c, g.k, g.k, g.in_c};
    const std::vector<float> filter = Random(static_cast<size_t>(NumElements(shape)), rng, -1, 1);
    const std::vector<float> bias = Random(g.out_c, rng, -1, 1);
    auto model = ConvModel(g, filter, bias);
    ASSERT_TRUE(model) << model.error().message;
    auto collector = LayerStatsCollector::Create(model->ir(), AllPositions());
    ASSERT_TRUE(collector) << collector.error().message;
    std::vector<std::vector<float>> inputs;
    for (int s = 0; s < 4; ++s) {  // non-negative like ReLU outputs: a nonzero mean to correct for
      inputs.push_back(Random(static_cast<size_t>(g.in_h * g.in_w * g.in_c), rng, 0, 3));
      ASSERT_TRUE((*collector)->Observe(model->ir().subgraphs[0]->inputs[0], InputTensor(g, inputs.back())));
    }
    const LayerStats stats = (*collector)->Finish().at(0);
    for (const WeightRounding method : {WeightRounding::kNearest, WeightRounding::kGptq}) {
      QuantizedWeights qw = QuantizeWeightsSymmetric(filter.data(), shape, depthwise ? 3 : 0, true);
      WeightRoundingOptions options;
      options.method = method;
      std::vector<float> shift;
      const auto code = depthwise ? tfl::BuiltinOperator_DEPTHWISE_CONV_2D : tfl::BuiltinOperator_CONV_2D;
      ASSERT_TRUE(RoundLayerWeights(code, filter, shape, stats, options, &qw, &shift));
      ASSERT_EQ(shift.size(), static_cast<size_t>(g.out_c));
      std::vector<float> rounded(filter.size());
      for (size_t i = 0; i < filter.size(); ++i) {
        const size_t channel = depthwise ? i % g.out_c : i / (filter.size() / g.out_c);
        rounded[i] = qw.values[i] * qw.scales[channel];
        EXPECT_GE(qw.values[i], -127);
      }
      const auto corrected = MeanOutputError(g, filter, rounded, bias, shift, inputs);
      const auto uncorrected = MeanOutputError(g, filter, rounded, bias, {}, inputs);
      double worst_corrected = 0, worst_uncorrected = 0;
      for (size_t c = 0; c < corrected.size(); ++c) {
        worst_corrected = std::max(worst_corrected, std::fabs(corrected[c]));
        worst_uncorrected = std::max(worst_uncorrected, std::fabs(uncorrected[c]));
      }
      const std::string what = std::string(depthwise ? "depthwise " : "conv ") + WeightRoundingName(method);
      EXPECT_LT(worst_corrected, 2e-6) << what;
      EXPECT_GT(worst_uncorrected, 1e-4) << what << ": the rounding left no bias to correct; the test says nothing";
    }
  }
}

}  // namespace
}  // namespace edgepose::quant
