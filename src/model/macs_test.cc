#include "model/macs.h"

#include <cstdio>

#include <gtest/gtest.h>

#include "edgepose/model.h"
#include "model/test_util.h"

namespace edgepose::model {
namespace {

using testing::MakeBuffer;
using testing::MakeTensor;

// One op with the given input/output shapes; shapes alone decide the count.
std::unique_ptr<tfl::ModelT> SingleOpModel(tfl::BuiltinOperator code,
                                           std::vector<std::vector<int32_t>> input_shapes,
                                           std::vector<int32_t> output_shape) {
  auto model = std::make_unique<tfl::ModelT>();
  auto op_code = std::make_unique<tfl::OperatorCodeT>();
  op_code->builtin_code = code;
  model->operator_codes.push_back(std::move(op_code));
  model->buffers.push_back(MakeBuffer());
  auto subgraph = std::make_unique<tfl::SubGraphT>();
  auto op = std::make_unique<tfl::OperatorT>();
  for (auto& shape : input_shapes) {
    op->inputs.push_back(static_cast<int32_t>(subgraph->tensors.size()));
    subgraph->tensors.push_back(MakeTensor("in", shape, 0));
  }
  op->outputs.push_back(static_cast<int32_t>(subgraph->tensors.size()));
  subgraph->tensors.push_back(MakeTensor("out", output_shape, 0));
  subgraph->operators.push_back(std::move(op));
  model->subgraphs.push_back(std::move(subgraph));
  return model;
}

TEST(MacsTest, CountsClosedFormPerOpType) {
  // 3x3 conv, 16 -> 32 channels, 10x12 output: 10·12·32·3·3·16.
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_CONV_2D,
                                        {{1, 20, 24, 16}, {32, 3, 3, 16}, {32}}, {1, 10, 12, 32}),
                         0, 0),
            10 * 12 * 32 * 3 * 3 * 16);
  // Grouped conv (4 groups of 4 input channels): the filter holds in_c / groups = 4.
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_CONV_2D,
                                        {{1, 8, 8, 16}, {32, 3, 3, 4}, {32}}, {1, 8, 8, 32}),
                         0, 0),
            8 * 8 * 32 * 3 * 3 * 4);
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_DEPTHWISE_CONV_2D,
                                        {{1, 16, 16, 24}, {1, 5, 5, 24}, {24}}, {1, 8, 8, 24}),
                         0, 0),
            8 * 8 * 24 * 5 * 5);
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_FULLY_CONNECTED,
                                        {{2, 1152}, {195, 1152}, {195}}, {2, 195}),
                         0, 0),
            2 * 195 * 1152);
  // TRANSPOSE_CONV inputs: output_shape, filter [out_c, k_h, k_w, in_c], input.
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_TRANSPOSE_CONV,
                                        {{4}, {8, 4, 4, 16}, {1, 7, 7, 16}}, {1, 14, 14, 8}),
                         0, 0),
            7 * 7 * 16 * 4 * 4 * 8);
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_ADD, {{1, 8}, {1, 8}}, {1, 8}), 0, 0), 0);
  // Dynamic dims count nothing rather than garbage.
  EXPECT_EQ(OperatorMacs(*SingleOpModel(tfl::BuiltinOperator_CONV_2D,
                                        {{-1, 8, 8, 3}, {8, 3, 3, 3}}, {-1, 8, 8, 8}),
                         0, 0),
            0);
}

// Totals from independent counts (docs/facts.md): pose_landmark_full ≈ 386 M MACs, agreed
// within 0.5 %. pose_detection is quoted at ≈ 433.5 M; our conv/depthwise sum over its 73
// layers is 429.9 M (0.84 % lower). The gap is not any single layer or elementwise op of the
// detector (checked layer by layer), so it is reported to the lead and tolerated at 1 % here
// rather than tuned away.
TEST(MacsTest, MatchesIndependentTotalsOfThePoseModels) {
  struct Expected {
    const char* stem;
    double macs;
    double tolerance;
  };
  const Expected expected[] = {{"pose_detection", 433.5e6, 0.01},
                               {"pose_landmark_full", 386e6, 0.005}};
  int tested = 0;
  for (const auto& [stem, macs, tolerance] : expected) {
    const std::string path = testing::FindPoseModel(stem);
    if (path.empty()) continue;
    auto model = Model::Load(path);
    ASSERT_TRUE(model) << model.error().message;
    const int64_t total = SubgraphMacs(model->ir(), 0);
    std::printf("%s: %.2f M MACs\n", stem, total / 1e6);
    EXPECT_NEAR(total, macs, macs * tolerance) << stem;
    ++tested;
  }
  for (const char* stem : {"pose_landmark_lite", "pose_landmark_heavy"}) {
    const std::string path = testing::FindPoseModel(stem);
    if (path.empty()) continue;
    auto model = Model::Load(path);
    ASSERT_TRUE(model) << model.error().message;
    std::printf("%s: %.2f M MACs\n", stem, SubgraphMacs(model->ir(), 0) / 1e6);
  }
  if (tested == 0) GTEST_SKIP() << "no pose models found (run scripts/fetch_models.sh)";
}

}  // namespace
}  // namespace edgepose::model
