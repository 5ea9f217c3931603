// Rewriting a model must not change what it computes, in EdgePose or in Google's LiteRT:
// load -> save round trips, --fold-constants and --keep-outputs, checked on the real pose models.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "common/litert_oracle.h"
#include "common/test_paths.h"
#include "edgepose/interpreter.h"
#include "model/macs.h"
#include "model/passes/fold_constants.h"
#include "model/passes/prune_outputs.h"
#include "runtime/tensor_io.h"

namespace edgepose {
namespace {

namespace fs = std::filesystem;

std::string TempPath(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "edgepose_rewrite_test";
  fs::create_directories(dir);
  return (dir / name).string();
}

// Seeded random inputs in [0, 1] for every model input.
std::vector<NpyArray> RandomInputs(const Model& model, uint64_t seed) {
  auto interpreter = Interpreter::Create(model, {Backend::kReference});
  EXPECT_TRUE(interpreter) << interpreter.error().message;
  std::vector<NpyArray> inputs;
  for (size_t i = 0; interpreter && i < (*interpreter)->input_count(); ++i) {
    runtime::FillRandom((*interpreter)->input(i), seed + i, 0.f, 1.f);
    inputs.push_back(runtime::ToNpy((*interpreter)->input(i)));
  }
  return inputs;
}

Result<std::vector<NpyArray>> RunEdgePose(const Model& model, const std::vector<NpyArray>& inputs) {
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, {Backend::kReference}));
  for (size_t i = 0; i < inputs.size(); ++i) EP_RETURN_IF_ERROR(runtime::CopyFromNpy(inputs[i], interpreter->input(i)));
  EP_RETURN_IF_ERROR(interpreter->Invoke());
  std::vector<NpyArray> outputs;
  for (size_t i = 0; i < interpreter->output_count(); ++i) outputs.push_back(runtime::ToNpy(interpreter->output(i)));
  return outputs;
}

double RelativeDiff(const NpyArray& a, const NpyArray& b) {
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < a.data.size() / 4; ++i) {
    max_diff = std::max(max_diff, static_cast<double>(std::fabs(a.data_as<float>()[i] - b.data_as<float>()[i])));
    max_ref = std::max(max_ref, static_cast<double>(std::fabs(b.data_as<float>()[i])));
  }
  return max_diff / (max_ref + 1);
}

int CountOps(const Model& model, tfl::BuiltinOperator op) {
  int count = 0;
  for (const auto& node : model.ir().subgraphs[0]->operators)
    count += BuiltinCode(*model.ir().operator_codes[node->opcode_index]) == op;
  return count;
}

class RewriteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RewriteTest, SavedCopyRunsIdenticallyInLiteRt) {
  EP_REQUIRE_LITERT();
  const std::string path = testing::ModelPath(GetParam());
  EP_REQUIRE_MODEL_FILE(path);
  auto model = Model::Load(path);
  ASSERT_TRUE(model) << model.error().message;
  const std::string copy = TempPath(GetParam() + "_roundtrip.tflite");
  ASSERT_TRUE(model->Save(copy));
  const auto inputs = RandomInputs(*model, 11);
  auto original = testing::RunLiteRt(path, inputs);
  auto saved = testing::RunLiteRt(copy, inputs);
  ASSERT_TRUE(original) << original.error().message;
  ASSERT_TRUE(saved) << saved.error().message;
  ASSERT_EQ(original->size(), saved->size());
  for (size_t o = 0; o < original->size(); ++o)
    EXPECT_EQ((*original)[o].data, (*saved)[o].data) << "output " << o << " differs after load -> save";
}

TEST_P(RewriteTest, FoldConstantsKeepsOutputs) {
  const std::string path = testing::ModelPath(GetParam());
  EP_REQUIRE_MODEL_FILE(path);
  auto model = Model::Load(path);
  auto folded = Model::Load(path);
  ASSERT_TRUE(model && folded);
  ASSERT_TRUE(model::FoldConstants(*folded));
  EXPECT_EQ(CountOps(*folded, tfl::BuiltinOperator_DEQUANTIZE), 0);
  EXPECT_EQ(CountOps(*folded, tfl::BuiltinOperator_DENSIFY), 0);
  const auto inputs = RandomInputs(*model, 12);
  auto before = RunEdgePose(*model, inputs);
  auto after = RunEdgePose(*folded, inputs);
  ASSERT_TRUE(before && after);
  for (size_t o = 0; o < before->size(); ++o) {
    const double rel = RelativeDiff((*after)[o], (*before)[o]);
    std::printf("[ fold ] %s output %zu: relative change %.3g (EdgePose)\n", GetParam().c_str(), o, rel);
    EXPECT_LE(rel, 1e-5);
  }
  if (!testing::LiteRtAvailable()) return;
  const std::string folded_path = TempPath(GetParam() + "_folded.tflite");
  ASSERT_TRUE(folded->Save(folded_path));
  // In Google's runtime too: the folded file computes what the original computes.
  auto original = testing::RunLiteRt(testing::ModelPath(GetParam()), inputs);
  auto theirs = testing::RunLiteRt(folded_path, inputs);
  ASSERT_TRUE(original) << original.error().message;
  ASSERT_TRUE(theirs) << theirs.error().message;
  for (size_t o = 0; o < original->size(); ++o) {
    const double rel = RelativeDiff((*theirs)[o], (*original)[o]);
    std::printf("[ fold ] %s output %zu: LiteRT folded vs original %.3g\n", GetParam().c_str(), o, rel);
    EXPECT_LE(rel, 1e-5);
  }
}

INSTANTIATE_TEST_SUITE_P(PoseModels, RewriteTest,
                         ::testing::Values("pose_detection", "pose_landmark_lite", "pose_landmark_full"));

TEST(KeepOutputsTest, LandmarkFullKeepsOnlyLandmarksAndPresence) {
  const std::string path = testing::ModelPath("pose_landmark_full");
  EP_REQUIRE_MODEL_FILE(path);
  auto model = Model::Load(path);
  auto pruned = Model::Load(path);
  ASSERT_TRUE(model && pruned);
  // The landmark [1,195] and pose-presence [1,1] outputs, found by shape (facts.md).
  std::vector<std::string> keep;
  std::vector<size_t> kept_indices;
  const auto& graph = *model->ir().subgraphs[0];
  for (size_t o = 0; o < graph.outputs.size(); ++o) {
    const auto& shape = graph.tensors[graph.outputs[o]]->shape;
    if (shape == std::vector<int32_t>{1, 195} || shape == std::vector<int32_t>{1, 1}) {
      keep.push_back(graph.tensors[graph.outputs[o]]->name);
      kept_indices.push_back(o);
    }
  }
  ASSERT_EQ(keep.size(), 2u);
  ASSERT_TRUE(model::PruneOutputs(*pruned, keep));
  const auto& pruned_graph = *pruned->ir().subgraphs[0];
  ASSERT_EQ(pruned_graph.outputs.size(), 2u);
  const int64_t macs_before = model::SubgraphMacs(model->ir(), 0);
  const int64_t macs_after = model::SubgraphMacs(pruned->ir(), 0);
  std::printf("[ prune ] pose_landmark_full: ops %zu -> %zu, MACs %.1f M -> %.1f M\n", graph.operators.size(),
              pruned_graph.operators.size(), macs_before / 1e6, macs_after / 1e6);
  EXPECT_LT(pruned_graph.operators.size(), graph.operators.size());
  EXPECT_LT(macs_after, macs_before);
  for (const auto& tensor : pruned_graph.tensors) {  // no segmentation or heatmap head survives
    EXPECT_NE(tensor->shape, (std::vector<int32_t>{1, 256, 256, 1})) << tensor->name;
    EXPECT_NE(tensor->shape, (std::vector<int32_t>{1, 64, 64, 39})) << tensor->name;
  }
  const auto inputs = RandomInputs(*model, 13);
  auto full = RunEdgePose(*model, inputs);
  auto kept = RunEdgePose(*pruned, inputs);
  ASSERT_TRUE(full && kept);
  for (size_t k = 0; k < kept_indices.size(); ++k)
    EXPECT_EQ((*kept)[k].data, (*full)[kept_indices[k]].data) << "kept output " << keep[k] << " changed";
  if (!testing::LiteRtAvailable()) return;
  const std::string pruned_path = TempPath("pose_landmark_full_pruned.tflite");
  ASSERT_TRUE(pruned->Save(pruned_path));
  auto theirs = testing::RunLiteRt(pruned_path, inputs);
  ASSERT_TRUE(theirs) << theirs.error().message;
  for (size_t k = 0; k < kept_indices.size(); ++k) EXPECT_LE(RelativeDiff((*theirs)[k], (*full)[kept_indices[k]]), 1e-4);
}

}  // namespace
}  // namespace edgepose
