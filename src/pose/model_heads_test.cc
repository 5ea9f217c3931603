// The heads the pipeline reads: found in MediaPipe's float landmark model, the unread
// segmentation output pruned without changing a value of the others (pruned and original model
// run side by side), and split parts joined back by the documented reassembly rule.
#include "pose/model_heads.h"

#include <filesystem>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "model/passes/fold_constants.h"

namespace edgepose::pose {
namespace {

std::string ModelPath(const std::string& name) {
  return std::string(EDGEPOSE_SOURCE_DIR) + "/models/" + name + ".tflite";
}

TEST(ModelHeadsTest, PruningTheSegmentationLeavesTheReadHeadsBitExact) {
  const std::string path = ModelPath("pose_landmark_full");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent (run scripts/fetch_models.sh)";
  auto original = Model::Load(path);
  ASSERT_TRUE(original) << original.error().message;
  ASSERT_TRUE(model::FoldConstants(*original));
  auto pruned = Model::Load(path);
  ASSERT_TRUE(pruned && model::FoldConstants(*pruned));
  auto heads = FindLandmarkHeads(*pruned, path);
  ASSERT_TRUE(heads) << heads.error().message;
  ASSERT_TRUE(heads->heatmap.found() && heads->world.found());
  std::vector<HeadReader*> read = {&heads->landmarks, &heads->presence, &heads->heatmap, &heads->world};
  ASSERT_TRUE(PruneUnreadOutputs(*pruned, {read.begin(), read.end()}));
  EXPECT_EQ(pruned->ir().subgraphs[0]->outputs.size(), 4u);  // of 5: segmentation gone
  EXPECT_LT(pruned->ir().subgraphs[0]->operators.size(), original->ir().subgraphs[0]->operators.size());

  auto full = Interpreter::Create(*original);
  auto lean = Interpreter::Create(*pruned);
  ASSERT_TRUE(full && lean);
  ASSERT_TRUE(BindHeads(**lean, read, path));
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> pixel(0.f, 1.f);
  float* a = (*full)->input(0).data_as<float>();
  float* b = (*lean)->input(0).data_as<float>();
  for (int64_t i = 0; i < (*full)->input(0).num_elements(); ++i) a[i] = b[i] = pixel(rng);
  ASSERT_TRUE((*full)->Invoke());
  ASSERT_TRUE((*lean)->Invoke());
  for (const HeadReader* reader : read) {
    auto values = ReadHead(**lean, *reader);
    ASSERT_TRUE(values) << values.error().message;
    const Tensor* reference = nullptr;
    for (size_t o = 0; o < (*full)->output_count(); ++o)
      if ((*full)->output(o).name == reader->head.name) reference = &(*full)->output(o);
    ASSERT_NE(reference, nullptr) << reader->head.name;
    ASSERT_EQ(static_cast<int64_t>(values->size()), reference->num_elements());
    for (size_t i = 0; i < values->size(); ++i)
      ASSERT_EQ((*values)[i], reference->data_as<float>()[i]) << reader->head.name << " [" << i << "]";
  }
}

TEST(ModelHeadsTest, SplitPartsJoinBackIntoThePackedOrder) {
  // Landmark-style packing: period 5 (x, y, z, visibility, presence), parts xy / z / vis.
  quant::Head head{"Identity", {1, 15}, 5, {}};
  head.parts.push_back({"xy", 0, {0, 1}});
  head.parts.push_back({"z", 1, {2}});
  head.parts.push_back({"vis", 2, {3, 4}});
  // Packed value at flat index e is e; part k holds the components it lists, element by element.
  std::vector<std::vector<float>> parts = {{0, 1, 5, 6, 10, 11}, {2, 7, 12}, {3, 4, 8, 9, 13, 14}};
  auto joined = quant::JoinHeadParts(head, parts);
  ASSERT_TRUE(joined) << joined.error().message;
  ASSERT_EQ(joined->size(), 15u);
  for (size_t e = 0; e < 15; ++e) EXPECT_EQ((*joined)[e], static_cast<float>(e));
  parts[1].pop_back();  // a short part is an error naming it
  auto broken = quant::JoinHeadParts(head, parts);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("part z"), std::string::npos) << broken.error().message;
}

}  // namespace
}  // namespace edgepose::pose
