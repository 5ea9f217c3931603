#include "model/summary.h"

#include <map>

#include <gtest/gtest.h>

#include "model/test_util.h"

namespace edgepose::model {
namespace {

TEST(SummaryTest, DescribesTheTinyModel) {
  auto model = Model::FromIr(testing::TinyAddModel(), "tiny.tflite");
  ASSERT_TRUE(model);
  const ModelSummary summary = Summarize(*model);
  EXPECT_EQ(summary.file, "tiny.tflite");
  EXPECT_EQ(summary.operators, 1);
  ASSERT_EQ(summary.inputs.size(), 1u);
  EXPECT_EQ(summary.inputs[0].name, "input");
  EXPECT_EQ(summary.inputs[0].shape, (std::vector<int32_t>{1, 2, 2, 1}));
  ASSERT_EQ(summary.op_types.size(), 1u);
  EXPECT_EQ(summary.op_types[0].op, "ADD");
  ASSERT_EQ(summary.parameters.size(), 1u);  // the bias: 4 floats
  EXPECT_EQ(summary.parameters[0].dtype, "FLOAT32");
  EXPECT_EQ(summary.parameters[0].bytes, 16);
  ASSERT_EQ(summary.activations.size(), 1u);  // input and output: 2 x 4 floats
  EXPECT_EQ(summary.activations[0].dtype, "FLOAT32");
  EXPECT_EQ(summary.activations[0].tensors, 2);
  EXPECT_EQ(summary.activations[0].bytes, 32);

  const nlohmann::json json = SummaryToJson(summary);
  EXPECT_EQ(json["outputs"][0]["name"], "output");
  EXPECT_TRUE(json["outputs"][0]["quantization"].is_null());
  EXPECT_EQ(json["op_types"][0]["count"], 1);
  EXPECT_EQ(json["parameter_bytes"], 16);
  EXPECT_EQ(json["activations"][0]["tensors"], 2);
  const std::string table = SummaryToTable(summary);
  EXPECT_NE(table.find("ADD"), std::string::npos);
  EXPECT_NE(table.find("[1,2,2,1]"), std::string::npos);
}

// The op histogram of pose_detection as documented in docs/facts.md (read independently).
TEST(SummaryTest, PoseDetectionHistogramMatchesTheDocumentedOne) {
  const std::string path = testing::FindPoseModel("pose_detection");
  if (path.empty()) GTEST_SKIP() << "pose_detection not found (run scripts/fetch_models.sh)";
  auto model = Model::Load(path);
  ASSERT_TRUE(model) << model.error().message;
  const ModelSummary summary = Summarize(*model);
  std::map<std::string, int> histogram;
  for (const auto& op : summary.op_types) histogram[op.op] = op.count;
  EXPECT_EQ(histogram, (std::map<std::string, int>{{"DEQUANTIZE", 144}, {"DENSIFY", 38},
                                                     {"CONV_2D", 45}, {"DEPTHWISE_CONV_2D", 28},
                                                     {"ADD", 15}, {"PAD", 8}, {"DEPTH_TO_SPACE", 3},
                                                     {"RESIZE_BILINEAR", 2}, {"RESHAPE", 6},
                                                     {"CONCATENATION", 2}}));
  EXPECT_EQ(summary.sparse_tensors.size(), 38u);
  ASSERT_EQ(summary.outputs.size(), 2u);
  EXPECT_EQ(summary.outputs[0].shape, (std::vector<int32_t>{1, 2254, 12}));
  EXPECT_EQ(summary.outputs[1].shape, (std::vector<int32_t>{1, 2254, 1}));
}

}  // namespace
}  // namespace edgepose::model
