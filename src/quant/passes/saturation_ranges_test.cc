#include "quant/passes/saturation_ranges.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "model/test_util.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

using model::testing::MakeBuffer;
using model::testing::MakeTensor;

// Graph inputs 6 "x", 7 "y", 8 "z"; 0 "a" = LEAKY_RELU(x), 1 "b" = `b_producer`(y),
// 2 "c" = LEAKY_RELU(z) (ops whose output params come from their own range, except a RESHAPE
// `b_producer`); 3 = ADD(a, b) with `activation`; 4 = LOGISTIC(c); 5 = ADD(c, 4) with RELU6 (c has
// a non-ADD reader too). Outputs 3 and 5.
std::unique_ptr<tfl::ModelT> AddModel(tfl::ActivationFunctionType activation,
                                      tfl::BuiltinOperator b_producer = tfl::BuiltinOperator_LEAKY_RELU) {
  auto model = std::make_unique<tfl::ModelT>();
  model->version = 3;
  model->buffers.push_back(MakeBuffer());
  auto sg = std::make_unique<tfl::SubGraphT>();
  for (const char* name : {"a", "b", "c", "sum", "prob", "sum2", "x", "y", "z"})
    sg->tensors.push_back(MakeTensor(name, {1, 8}, 0));
  sg->inputs = {6, 7, 8};
  sg->outputs = {3, 5};
  model->subgraphs.push_back(std::move(sg));
  auto add = [&](int32_t x, int32_t y, int32_t out, tfl::ActivationFunctionType fused) {
    auto op = MakeOperator(*model, tfl::BuiltinOperator_ADD, {x, y}, {out});
    tfl::AddOptionsT options;
    options.fused_activation_function = fused;
    op->builtin_options.Set(options);
    model->subgraphs[0]->operators.push_back(std::move(op));
  };
  auto& ops = model->subgraphs[0]->operators;
  ops.push_back(MakeOperator(*model, tfl::BuiltinOperator_LEAKY_RELU, {6}, {0}));
  ops.push_back(MakeOperator(*model, b_producer, {7}, {1}));
  ops.push_back(MakeOperator(*model, tfl::BuiltinOperator_LEAKY_RELU, {8}, {2}));
  add(0, 1, 3, activation);
  model->subgraphs[0]->operators.push_back(MakeOperator(*model, tfl::BuiltinOperator_LOGISTIC, {2}, {4}));
  add(2, 4, 5, tfl::ActivationFunctionType_RELU6);
  return model;
}

float Clamp(float x, Range r) { return std::min(std::max(x, r.min), r.max); }
float Relu6(float x) { return std::min(std::max(x, 0.f), 6.f); }

// The property the pass promises, by brute force: for operands drawn from their calibrated ranges
// a and b, RELU6 of the sum is the same whether or not each is clamped to its narrowed range.
void ExpectRelu6SumUnchanged(Range a, Range b, Range narrowed_a, Range narrowed_b, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> da(a.min, a.max), db(b.min, b.max);
  for (int i = 0; i < 10000; ++i) {
    const float x = da(rng), y = db(rng);
    ASSERT_EQ(Relu6(Clamp(x, narrowed_a) + Clamp(y, narrowed_b)), Relu6(x + y)) << x << " + " << y;
  }
}

TEST(FitRangesToSaturatingReadersTest, Relu6SumIsUnchangedByClampingToTheNarrowedRanges) {
  auto model = AddModel(tfl::ActivationFunctionType_RELU6);
  const Range a{-12.f, 7.f}, b{-1.f, 5.f};
  std::map<int, Range> ranges = {{0, a}, {1, b}, {2, {-3.f, 9.f}}, {3, {0.f, 6.f}}, {4, {0.f, 1.f}}, {5, {0.f, 6.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*model, ranges, DType::kInt8).size(), 2u);
  // a: values below 0 - 5 or above 6 - (-1) saturate the RELU6 whatever b holds.
  EXPECT_FLOAT_EQ(ranges[0].min, -5.f);
  EXPECT_FLOAT_EQ(ranges[0].max, 7.f);
  // b then sees a in [-5, 7]: below 0 - 7 nothing changes (b >= -1), above 6 - (-5) neither.
  EXPECT_FLOAT_EQ(ranges[1].min, -1.f);
  EXPECT_FLOAT_EQ(ranges[1].max, 5.f);
  // c feeds a LOGISTIC (saturates outside about [-6.9, 5.3]) and ADD(c, prob) with RELU6 and
  // prob in [0, 1] (saturates outside [-1, 6]): the union keeps its bottom and cuts 9 to 6.
  EXPECT_FLOAT_EQ(ranges[2].min, -3.f);
  EXPECT_FLOAT_EQ(ranges[2].max, 6.f);
  EXPECT_FLOAT_EQ(ranges[3].max, 6.f);
  ExpectRelu6SumUnchanged(a, b, ranges[0], ranges[1], 7);
}

TEST(FitRangesToSaturatingReadersTest, BothOperandsNarrowedStayExact) {
  auto model = AddModel(tfl::ActivationFunctionType_RELU6);
  const Range a{-20.f, 3.f}, b{-20.f, 3.f};
  std::map<int, Range> ranges = {{0, a}, {1, b}, {2, {0.f, 1.f}}, {4, {0.f, 1.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*model, ranges, DType::kInt8).size(), 2u);  // c in [0, 1] stays
  EXPECT_FLOAT_EQ(ranges[0].min, -3.f);  // 0 - b.max
  EXPECT_FLOAT_EQ(ranges[1].min, -3.f);  // 0 - the narrowed a's max
  ExpectRelu6SumUnchanged(a, b, ranges[0], ranges[1], 11);
}

TEST(FitRangesToSaturatingReadersTest, ReluKeepsTheTopAndSharedParamsOrNoActivationKeepAll) {
  auto relu = AddModel(tfl::ActivationFunctionType_RELU);
  std::map<int, Range> ranges = {{0, {-12.f, 7.f}}, {1, {-1.f, 5.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*relu, ranges, DType::kInt8).size(), 1u);
  EXPECT_FLOAT_EQ(ranges[0].min, -5.f);
  EXPECT_FLOAT_EQ(ranges[0].max, 7.f);

  // b's params would be y's (RESHAPE keeps its input's): narrowing b would change nothing.
  auto reshaped = AddModel(tfl::ActivationFunctionType_RELU6, tfl::BuiltinOperator_RESHAPE);
  ranges = {{0, {-1.f, 5.f}}, {1, {-12.f, 7.f}}, {7, {-12.f, 7.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*reshaped, ranges, DType::kInt8).size(), 0u);
  EXPECT_FLOAT_EQ(ranges[1].min, -12.f);

  auto linear = AddModel(tfl::ActivationFunctionType_NONE);
  ranges = {{0, {-12.f, 7.f}}, {1, {-1.f, 5.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*linear, ranges, DType::kInt8).size(), 0u);
  EXPECT_FLOAT_EQ(ranges[0].min, -12.f);
}

// TFLite's quantized LOGISTIC output, from the spec (not from the pass): int8 scale 1/256 and zero
// point -128, int16 scale 1/32768 and zero point 0, round to nearest, clamp to the type.
int LogisticCode(double x, DType type) {
  const double p = 1.0 / (1.0 + std::exp(-x));
  if (type == DType::kInt8) return static_cast<int>(std::clamp(std::lround(p * 256.0) - 128L, -128L, 127L));
  return static_cast<int>(std::clamp(std::lround(p * 32768.0), -32768L, 32767L));
}

TEST(FitRangesToSaturatingReadersTest, LogisticDomainIsWhereTheOutputCodeStillChanges) {
  for (const DType type : {DType::kInt8, DType::kInt16}) {
    const Range domain = LogisticInputDomain(type);
    const int lowest = LogisticCode(-1e3, type), highest = LogisticCode(1e3, type);
    // Clamping any input to the domain leaves the output code as it was.
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> wide(-40.0, 40.0);
    for (int i = 0; i < 20000; ++i) {
      const double x = wide(rng);
      ASSERT_EQ(LogisticCode(std::clamp(x, double{domain.min}, double{domain.max}), type), LogisticCode(x, type)) << x;
    }
    // And it is not wider than needed: half an output step of probability inside either end the
    // code has moved off the end code.
    const double step = type == DType::kInt8 ? 1.0 / 256 : 1.0 / 32768;
    const auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
    const auto logit = [](double p) { return std::log(p / (1.0 - p)); };
    EXPECT_EQ(LogisticCode(logit(sigmoid(domain.min) + 0.5 * step), type), lowest + 1);
    EXPECT_EQ(LogisticCode(logit(sigmoid(domain.max) - 0.5 * step), type), highest - 1);
  }
  EXPECT_NEAR(LogisticInputDomain(DType::kInt8).min, std::log(0.25 / 255.75), 1e-5);  // logit(0.25/256)
  EXPECT_NEAR(LogisticInputDomain(DType::kInt8).max, std::log(254.75 / 1.25), 1e-5);  // logit(254.75/256)
}

// input -> CONV_2D (no activation, or RELU) "logit" -> LOGISTIC "prob" -> RESHAPE "out" (output),
// as pose_landmark's presence flag. Tensors: 0 input, 1 filter, 2 logit, 3 prob, 4 out.
std::unique_ptr<tfl::ModelT> PresenceModel(tfl::ActivationFunctionType activation,
                                           tfl::BuiltinOperator last = tfl::BuiltinOperator_RESHAPE) {
  auto model = std::make_unique<tfl::ModelT>();
  model->version = 3;
  model->buffers.push_back(MakeBuffer());
  model->buffers.push_back(MakeBuffer({0.5f, 0.5f, 0.5f, 0.5f}));
  auto sg = std::make_unique<tfl::SubGraphT>();
  sg->tensors.push_back(MakeTensor("input", {1, 1, 1, 4}, 0));
  sg->tensors.push_back(MakeTensor("filter", {1, 1, 1, 4}, 1));
  for (const char* name : {"logit", "prob", "out"}) sg->tensors.push_back(MakeTensor(name, {1, 1, 1, 1}, 0));
  sg->inputs = {0};
  sg->outputs = {4};
  model->subgraphs.push_back(std::move(sg));
  auto& ops = model->subgraphs[0]->operators;
  auto conv = MakeOperator(*model, tfl::BuiltinOperator_CONV_2D, {0, 1}, {2});
  tfl::Conv2DOptionsT options;
  options.fused_activation_function = activation;
  conv->builtin_options.Set(options);
  ops.push_back(std::move(conv));
  ops.push_back(MakeOperator(*model, tfl::BuiltinOperator_LOGISTIC, {2}, {3}));
  ops.push_back(MakeOperator(*model, last, {3}, {4}));
  return model;
}

TEST(FitRangesToSaturatingReadersTest, ReportedProbabilityLogitSpansTheWholeDomain) {
  // Calibrated on inputs that all hold a person: logits in [0, 19.5]. The int8 probability must
  // still be able to fall below 0.5, and codes beyond the saturation are not spent.
  for (const DType type : {DType::kInt8, DType::kInt16}) {
    auto model = PresenceModel(tfl::ActivationFunctionType_NONE);
    std::map<int, Range> ranges = {{0, {0.f, 1.f}}, {2, {0.f, 19.5f}}};
    EXPECT_EQ(FitRangesToSaturatingReaders(*model, ranges, type).size(), 1u);
    EXPECT_FLOAT_EQ(ranges[2].min, LogisticInputDomain(type).min);
    EXPECT_FLOAT_EQ(ranges[2].max, LogisticInputDomain(type).max);
    EXPECT_LT(ranges[2].min, -6.f);
  }
  // A RELU logit cannot go below 0 anyway: only narrowed at the top.
  auto relu = PresenceModel(tfl::ActivationFunctionType_RELU);
  std::map<int, Range> ranges = {{0, {0.f, 1.f}}, {2, {0.f, 19.5f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*relu, ranges, DType::kInt8).size(), 1u);
  EXPECT_FLOAT_EQ(ranges[2].min, 0.f);
  EXPECT_FLOAT_EQ(ranges[2].max, LogisticInputDomain(DType::kInt8).max);
  // Inside the model (the output is another op's, with its own params) the logit is only narrowed.
  auto internal = PresenceModel(tfl::ActivationFunctionType_NONE, tfl::BuiltinOperator_LEAKY_RELU);
  ranges = {{0, {0.f, 1.f}}, {2, {-1.f, 3.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*internal, ranges, DType::kInt8).size(), 0u);
  EXPECT_FLOAT_EQ(ranges[2].min, -1.f);
  ranges = {{0, {0.f, 1.f}}, {2, {-1.f, 30.f}}};
  EXPECT_EQ(FitRangesToSaturatingReaders(*internal, ranges, DType::kInt8).size(), 1u);
  EXPECT_FLOAT_EQ(ranges[2].min, -1.f);
  EXPECT_FLOAT_EQ(ranges[2].max, LogisticInputDomain(DType::kInt8).max);
}

}  // namespace
}  // namespace edgepose::quant
