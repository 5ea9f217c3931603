#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include <gtest/gtest.h>

#include "core/float16.h"
#include "edgepose/model.h"
#include "model/macs.h"
#include "model/passes/fold_constants.h"
#include "model/passes/prune_outputs.h"
#include "model/passes/remove_dead_tensors.h"
#include "model/tensor_utils.h"
#include "model/test_util.h"

namespace edgepose::model {
namespace {

using testing::MakeBuffer;
using testing::MakeTensor;
using testing::TinyAddModel;

std::map<std::string, int> OpHistogram(const tfl::ModelT& ir) {
  std::map<std::string, int> histogram;
  for (const auto& op : ir.subgraphs[0]->operators) {
    ++histogram[OpName(BuiltinCode(*ir.operator_codes[op->opcode_index]))];
  }
  return histogram;
}

std::vector<float> ConstantFloats(const tfl::ModelT& ir, const tfl::TensorT& tensor) {
  const std::vector<uint8_t>* data = ConstantData(ir, tensor);
  if (!data) return {};
  std::vector<float> values(data->size() / 4);
  std::memcpy(values.data(), data->data(), data->size());
  return values;
}

const tfl::TensorT* FindTensor(const tfl::ModelT& ir, const std::string& name) {
  for (const auto& tensor : ir.subgraphs[0]->tensors) {
    if (tensor->name == name) return tensor.get();
  }
  return nullptr;
}

// TinyAddModel with the bias fed by DEQUANTIZE(weights): weights is a constant of `type`.
std::unique_ptr<tfl::ModelT> DequantizeIntoAdd(tfl::TensorType type, std::vector<uint8_t> bytes,
                                               std::vector<int32_t> shape) {
  auto ir = TinyAddModel();
  auto& subgraph = *ir->subgraphs[0];
  subgraph.tensors[1]->shape = shape;
  subgraph.tensors[1]->buffer = 0;  // bias becomes computed
  auto weights_buffer = std::make_unique<tfl::BufferT>();
  weights_buffer->data = std::move(bytes);
  ir->buffers.push_back(std::move(weights_buffer));
  subgraph.tensors.push_back(MakeTensor("weights", shape, static_cast<uint32_t>(ir->buffers.size() - 1), type));
  auto code = std::make_unique<tfl::OperatorCodeT>();
  code->builtin_code = tfl::BuiltinOperator_DEQUANTIZE;
  code->deprecated_builtin_code = tfl::BuiltinOperator_DEQUANTIZE;
  ir->operator_codes.push_back(std::move(code));
  auto op = std::make_unique<tfl::OperatorT>();
  op->opcode_index = 1;
  op->inputs = {3};
  op->outputs = {1};
  subgraph.operators.insert(subgraph.operators.begin(), std::move(op));
  return ir;
}

TEST(FoldConstantsTest, FoldsFloat16DequantizeIntoAFloatConstant) {
  std::vector<uint8_t> bytes(8);
  const uint16_t halves[4] = {0x3C00, 0xC000, 0x3555, 0x0001};  // 1, -2, 1365/4096, 2^-24
  std::memcpy(bytes.data(), halves, 8);
  auto model = Model::FromIr(DequantizeIntoAdd(tfl::TensorType_FLOAT16, bytes, {1, 2, 2, 1}), "t");
  ASSERT_TRUE(model) << model.error().message;
  FoldStats stats;
  ASSERT_TRUE(FoldConstants(*model, &stats));
  EXPECT_EQ(stats.dequantize_folded, 1);
  const auto& ir = model->ir();
  EXPECT_EQ(OpHistogram(ir), (std::map<std::string, int>{{"ADD", 1}}));
  EXPECT_EQ(ir.operator_codes.size(), 1u);               // DEQUANTIZE code dropped
  EXPECT_EQ(ir.subgraphs[0]->tensors.size(), 3u);        // fp16 weights dropped
  EXPECT_EQ(ir.buffers.size(), 4u);                      // 0, input, output, folded bias
  const tfl::TensorT* bias = FindTensor(ir, "bias");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(ConstantFloats(ir, *bias),
            (std::vector<float>{1.f, -2.f, 0.333251953125f, 5.9604644775390625e-8f}));
}

TEST(FoldConstantsTest, FoldsPerChannelInt8Dequantize) {
  // shape [2,2] quantized along dim 0: scales {0.5, 2}, zero points {1, -1}.
  const int8_t q[4] = {3, 1, 0, -1};
  std::vector<uint8_t> bytes(4);
  std::memcpy(bytes.data(), q, 4);
  auto ir = DequantizeIntoAdd(tfl::TensorType_INT8, bytes, {2, 2});
  auto quantization = std::make_unique<tfl::QuantizationParametersT>();
  quantization->scale = {0.5f, 2.f};
  quantization->zero_point = {1, -1};
  ir->subgraphs[0]->tensors[3]->quantization = std::move(quantization);
  auto model = Model::FromIr(std::move(ir), "t");
  ASSERT_TRUE(model) << model.error().message;
  ASSERT_TRUE(FoldConstants(*model));
  const tfl::TensorT* bias = FindTensor(model->ir(), "bias");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(ConstantFloats(model->ir(), *bias), (std::vector<float>{1.f, 0.f, 2.f, 0.f}));
}

TEST(RemoveDeadTensorsTest, DropsUnreferencedTensorsBuffersAndOpcodes) {
  auto ir = TinyAddModel();
  ir->buffers.insert(ir->buffers.begin() + 1, MakeBuffer({9.f}));  // shifts buffers 1..3 to 2..4
  for (auto& tensor : ir->subgraphs[0]->tensors) ++tensor->buffer;
  ir->subgraphs[0]->tensors.insert(ir->subgraphs[0]->tensors.begin(), MakeTensor("orphan", {1}, 1));
  for (auto& op : ir->subgraphs[0]->operators) {
    for (auto& t : op->inputs) ++t;
    for (auto& t : op->outputs) ++t;
  }
  ir->subgraphs[0]->inputs = {1};
  ir->subgraphs[0]->outputs = {3};
  auto unused_code = std::make_unique<tfl::OperatorCodeT>();
  unused_code->builtin_code = tfl::BuiltinOperator_CONV_2D;
  ir->operator_codes.insert(ir->operator_codes.begin(), std::move(unused_code));
  ir->subgraphs[0]->operators[0]->opcode_index = 1;
  auto model = Model::FromIr(std::move(ir), "t");
  ASSERT_TRUE(model) << model.error().message;

  DeadTensorStats stats;
  ASSERT_TRUE(RemoveDeadTensors(*model, &stats));
  EXPECT_EQ(stats.tensors_removed, 1);
  EXPECT_EQ(stats.buffers_removed, 1);
  EXPECT_EQ(stats.opcodes_removed, 1);
  auto expected = Model::FromIr(TinyAddModel(), "t");
  ASSERT_TRUE(expected);
  EXPECT_TRUE(model->ir() == expected->ir());  // exactly the original tiny model again
}

TEST(FoldConstantsTest, RemovesEveryDequantizeAndDensifyOfThePoseModels) {
  int tested = 0;
  for (const char* stem : {"pose_detection", "pose_landmark_full"}) {
    const std::string path = testing::FindPoseModel(stem);
    if (path.empty()) continue;
    auto model = Model::Load(path);
    ASSERT_TRUE(model) << model.error().message;
    const auto before = OpHistogram(model->ir());
    const int64_t macs_before = SubgraphMacs(model->ir(), 0);

    // An independent expectation for one non-sparse weight: fp16 bits -> float.
    const auto& ir0 = model->ir();
    std::string checked_name;
    std::vector<float> checked_values;
    for (const auto& op : ir0.subgraphs[0]->operators) {
      const auto& input = *ir0.subgraphs[0]->tensors[op->inputs[0]];
      if (BuiltinCode(*ir0.operator_codes[op->opcode_index]) != tfl::BuiltinOperator_DEQUANTIZE ||
          input.sparsity || !ConstantData(ir0, input)) continue;
      const auto& data = *ConstantData(ir0, input);
      for (size_t i = 0; i < data.size() / 2; ++i) {
        uint16_t half;
        std::memcpy(&half, data.data() + 2 * i, 2);
        checked_values.push_back(HalfToFloat(half));
      }
      checked_name = ir0.subgraphs[0]->tensors[op->outputs[0]]->name;
      break;
    }

    FoldStats stats;
    ASSERT_TRUE(FoldConstants(*model, &stats));
    const auto after = OpHistogram(model->ir());
    EXPECT_EQ(after.count("DEQUANTIZE"), 0u) << stem;
    EXPECT_EQ(after.count("DENSIFY"), 0u) << stem;
    EXPECT_EQ(stats.dequantize_folded, before.at("DEQUANTIZE")) << stem;
    EXPECT_EQ(stats.densify_folded, before.count("DENSIFY") ? before.at("DENSIFY") : 0) << stem;
    for (const auto& [name, count] : after) EXPECT_EQ(count, before.at(name)) << stem << " " << name;
    EXPECT_EQ(SubgraphMacs(model->ir(), 0), macs_before) << stem;
    for (const auto& tensor : model->ir().subgraphs[0]->tensors) {
      EXPECT_NE(tensor->type, tfl::TensorType_FLOAT16) << stem << " " << tensor->name;
      EXPECT_EQ(tensor->sparsity, nullptr) << stem << " " << tensor->name;
    }
    const tfl::TensorT* folded = FindTensor(model->ir(), checked_name);
    ASSERT_NE(folded, nullptr) << checked_name;
    EXPECT_EQ(ConstantFloats(model->ir(), *folded), checked_values) << checked_name;

    auto bytes = model->Serialize();  // still a valid model
    ASSERT_TRUE(bytes) << bytes.error().message;
    int ops_before = 0;
    for (const auto& [name, count] : before) ops_before += count;
    std::printf("%s: %d ops -> %zu ops after folding, %.1f MB\n", stem, ops_before,
                model->ir().subgraphs[0]->operators.size(), bytes->size() / 1e6);
    ++tested;
  }
  if (tested == 0) GTEST_SKIP() << "no pose models found (run scripts/fetch_models.sh)";
}

TEST(PruneOutputsTest, RejectsUnknownNamesListingTheValidOnes) {
  auto model = Model::FromIr(TinyAddModel(), "tiny.tflite");
  ASSERT_TRUE(model);
  auto status = PruneOutputs(*model, {"nope"});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "tiny.tflite: unknown output \"nope\" (outputs: output)");
}

// Keeping the landmarks [1,195] and presence [1,1] of pose_landmark_full removes the
// segmentation [1,256,256,1] and heatmap [1,64,64,39] heads.
TEST(PruneOutputsTest, DropsTheSegmentationAndHeatmapHeadsOfPoseLandmarkFull) {
  const std::string path = testing::FindPoseModel("pose_landmark_full");
  if (path.empty()) GTEST_SKIP() << "pose_landmark_full not found (run scripts/fetch_models.sh)";
  auto model = Model::Load(path);
  ASSERT_TRUE(model) << model.error().message;
  const auto& main = *model->ir().subgraphs[0];
  std::vector<std::string> keep;
  std::vector<std::string> dropped;
  for (int32_t index : main.outputs) {
    const auto& tensor = *main.tensors[index];
    const bool wanted = tensor.shape == std::vector<int32_t>{1, 195} ||
                        tensor.shape == std::vector<int32_t>{1, 1};
    (wanted ? keep : dropped).push_back(tensor.name);
  }
  ASSERT_EQ(keep.size(), 2u);
  ASSERT_EQ(dropped.size(), 3u);
  const size_t ops_before = main.operators.size();
  const int64_t macs_before = SubgraphMacs(model->ir(), 0);

  ASSERT_TRUE(PruneOutputs(*model, keep));
  const auto& pruned = *model->ir().subgraphs[0];
  const int64_t macs_after = SubgraphMacs(model->ir(), 0);
  std::printf("pose_landmark_full pruned to landmarks + presence: %zu -> %zu ops, %.1f -> %.1f M MACs\n",
              ops_before, pruned.operators.size(), macs_before / 1e6, macs_after / 1e6);
  EXPECT_LT(pruned.operators.size(), ops_before);
  EXPECT_LT(macs_after, macs_before);
  ASSERT_EQ(pruned.outputs.size(), 2u);
  for (const auto& tensor : pruned.tensors) {
    EXPECT_NE(tensor->shape, (std::vector<int32_t>{1, 256, 256, 1})) << tensor->name;
    EXPECT_NE(tensor->shape, (std::vector<int32_t>{1, 64, 64, 39})) << tensor->name;
    for (const auto& name : dropped) EXPECT_NE(tensor->name, name);
  }
  EXPECT_EQ(pruned.tensors[pruned.outputs[0]]->name, keep[0]);
  auto bytes = model->Serialize();
  ASSERT_TRUE(bytes) << bytes.error().message;
}

}  // namespace
}  // namespace edgepose::model
