#include "quant/passes/saturation_ranges.h"

#include <gtest/gtest.h>

#include <algorithm>
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

TEST(NarrowRangesBeforeSaturationTest, Relu6SumIsUnchangedByClampingToTheNarrowedRanges) {
  auto model = AddModel(tfl::ActivationFunctionType_RELU6);
  const Range a{-12.f, 7.f}, b{-1.f, 5.f};
  std::map<int, Range> ranges = {{0, a}, {1, b}, {2, {-3.f, 9.f}}, {3, {0.f, 6.f}}, {4, {0.f, 1.f}}, {5, {0.f, 6.f}}};
  EXPECT_EQ(NarrowRangesBeforeSaturation(*model, ranges).size(), 1u);
  // a: values below 0 - 5 or above 6 - (-1) saturate the RELU6 whatever b holds.
  EXPECT_FLOAT_EQ(ranges[0].min, -5.f);
  EXPECT_FLOAT_EQ(ranges[0].max, 7.f);
  // b then sees a in [-5, 7]: below 0 - 7 nothing changes (b >= -1), above 6 - (-5) neither.
  EXPECT_FLOAT_EQ(ranges[1].min, -1.f);
  EXPECT_FLOAT_EQ(ranges[1].max, 5.f);
  // c also feeds LOGISTIC; outputs are never narrowed.
  EXPECT_FLOAT_EQ(ranges[2].min, -3.f);
  EXPECT_FLOAT_EQ(ranges[2].max, 9.f);
  EXPECT_FLOAT_EQ(ranges[3].max, 6.f);
  ExpectRelu6SumUnchanged(a, b, ranges[0], ranges[1], 7);
}

TEST(NarrowRangesBeforeSaturationTest, BothOperandsNarrowedStayExact) {
  auto model = AddModel(tfl::ActivationFunctionType_RELU6);
  const Range a{-20.f, 3.f}, b{-20.f, 3.f};
  std::map<int, Range> ranges = {{0, a}, {1, b}, {2, {0.f, 1.f}}, {4, {0.f, 1.f}}};
  EXPECT_EQ(NarrowRangesBeforeSaturation(*model, ranges).size(), 2u);
  EXPECT_FLOAT_EQ(ranges[0].min, -3.f);  // 0 - b.max
  EXPECT_FLOAT_EQ(ranges[1].min, -3.f);  // 0 - the narrowed a's max
  ExpectRelu6SumUnchanged(a, b, ranges[0], ranges[1], 11);
}

TEST(NarrowRangesBeforeSaturationTest, ReluKeepsTheTopAndSharedParamsOrNoActivationKeepAll) {
  auto relu = AddModel(tfl::ActivationFunctionType_RELU);
  std::map<int, Range> ranges = {{0, {-12.f, 7.f}}, {1, {-1.f, 5.f}}};
  EXPECT_EQ(NarrowRangesBeforeSaturation(*relu, ranges).size(), 1u);
  EXPECT_FLOAT_EQ(ranges[0].min, -5.f);
  EXPECT_FLOAT_EQ(ranges[0].max, 7.f);

  // b's params would be y's (RESHAPE keeps its input's): narrowing b would change nothing.
  auto reshaped = AddModel(tfl::ActivationFunctionType_RELU6, tfl::BuiltinOperator_RESHAPE);
  ranges = {{0, {-1.f, 5.f}}, {1, {-12.f, 7.f}}, {7, {-12.f, 7.f}}};
  EXPECT_EQ(NarrowRangesBeforeSaturation(*reshaped, ranges).size(), 0u);
  EXPECT_FLOAT_EQ(ranges[1].min, -12.f);

  auto linear = AddModel(tfl::ActivationFunctionType_NONE);
  ranges = {{0, {-12.f, 7.f}}, {1, {-1.f, 5.f}}};
  EXPECT_EQ(NarrowRangesBeforeSaturation(*linear, ranges).size(), 0u);
  EXPECT_FLOAT_EQ(ranges[0].min, -12.f);
}

}  // namespace
}  // namespace edgepose::quant
