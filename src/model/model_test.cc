#include "edgepose/model.h"

#include <cstdio>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "edgepose/file_io.h"
#include "model/test_util.h"

namespace edgepose {
namespace {

using model::testing::FindPoseModel;
using model::testing::TinyAddModel;

// Applies one corruption to the tiny valid model and returns the load error ("" if it loads).
std::string ErrorAfter(const std::function<void(tfl::ModelT&)>& corrupt) {
  auto ir = TinyAddModel();
  corrupt(*ir);
  auto model = Model::FromIr(std::move(ir), "tiny.tflite");
  return model ? "" : model.error().message;
}

TEST(ModelVerifierTest, AcceptsTheTinyModel) {
  auto model = Model::FromIr(TinyAddModel(), "tiny.tflite");
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(BuiltinCode(*model->ir().operator_codes[0]), tfl::BuiltinOperator_ADD);
  EXPECT_STREQ(OpName(tfl::BuiltinOperator_DEPTHWISE_CONV_2D), "DEPTHWISE_CONV_2D");
  EXPECT_STREQ(OpName(static_cast<tfl::BuiltinOperator>(9999)), "UNKNOWN");
}

TEST(ModelVerifierTest, RejectsOutOfRangeBufferIndex) {
  const std::string error = ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->tensors[1]->buffer = 999; });
  EXPECT_EQ(error,
            "tiny.tflite: subgraph 0 tensor 1 (\"bias\"): buffer 999 out of range (model has 4 "
            "buffers)");
}

TEST(ModelVerifierTest, RejectsBufferSizeThatDoesNotMatchTheShape) {
  const std::string error =
      ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->tensors[1]->shape = {1, 2, 3, 1}; });
  EXPECT_NE(error.find("tensor 1 (\"bias\"): buffer 2 has 16 bytes, expected 24 for FLOAT32 "
                       "[1,2,3,1]"),
            std::string::npos)
      << error;
}

TEST(ModelVerifierTest, RejectsBadOpcodeIndex) {
  const std::string error =
      ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->operators[0]->opcode_index = 7; });
  EXPECT_NE(error.find("operator 0: opcode index 7 out of range (model has 1 operator code)"),
            std::string::npos)
      << error;
}

TEST(ModelVerifierTest, RejectsOutOfRangeOperatorTensorsButAllowsOptionalInputs) {
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->operators[0]->inputs[1] = 3; })
                .find("operator 0 (ADD): input 1 is tensor 3, out of range"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->operators[0]->outputs[0] = -1; })
                .find("output 0 is tensor -1"),
            std::string::npos);
  EXPECT_EQ(ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->operators[0]->inputs[1] = -1; }), "");
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->outputs = {5}; }).find("output 0 is tensor 5"),
            std::string::npos);
}

TEST(ModelVerifierTest, RejectsBadQuantization) {
  auto quantize = [](std::vector<float> scales, std::vector<int64_t> zero_points, int dim) {
    return [=](tfl::ModelT& m) {
      auto q = std::make_unique<tfl::QuantizationParametersT>();
      q->scale = scales;
      q->zero_point = zero_points;
      q->quantized_dimension = dim;
      m.subgraphs[0]->tensors[0]->quantization = std::move(q);
    };
  };
  EXPECT_NE(ErrorAfter(quantize({0.5f, 0.5f}, {0}, 0)).find("quantization has 2 scales but 1 zero point"),
            std::string::npos);
  // shape is [1,2,2,1]: 2 scales fit dim 1 or 2, not dim 0 or 3.
  EXPECT_EQ(ErrorAfter(quantize({0.5f, 0.25f}, {0, 0}, 1)), "");
  EXPECT_NE(ErrorAfter(quantize({0.5f, 0.25f}, {0, 0}, 3))
                .find("quantization has 2 scales, expected 1 or shape[3] = 1"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(quantize({0.5f}, {0}, 4)).find("quantized_dimension 4 out of range for rank 4"),
            std::string::npos);
  EXPECT_EQ(ErrorAfter(quantize({0.5f}, {3}, 0)), "");
}

TEST(ModelVerifierTest, RejectsNegativeShapes) {
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) { m.subgraphs[0]->tensors[0]->shape = {1, -2, 2, 1}; })
                .find("tensor 0 (\"input\"): shape [1,-2,2,1] has negative dimension 1"),
            std::string::npos);
}

TEST(ModelVerifierTest, RejectsUnknownOptionsAndBadSubgraphReferences) {
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) {
              auto& options = m.subgraphs[0]->operators[0]->builtin_options;
              options.Reset();
              options.type = static_cast<tfl::BuiltinOptions>(200);
            }).find("builtin_options of unknown type 200"),
            std::string::npos);
  EXPECT_NE(ErrorAfter([](tfl::ModelT& m) {
              tfl::CallOptionsT call;
              call.subgraph = 3;
              m.subgraphs[0]->operators[0]->builtin_options.Set(std::move(call));
            }).find("called subgraph 3 out of range (model has 1 subgraph)"),
            std::string::npos);
  EXPECT_EQ(ErrorAfter([](tfl::ModelT& m) { m.subgraphs.clear(); }), "tiny.tflite: model has no subgraphs");
}

TEST(ModelVerifierTest, RejectsBadSparsity) {
  // The bias [1,2,2,1] stored as 4 dense levels would be valid; break one rule at a time.
  auto sparse = [](std::function<void(tfl::SparsityParametersT&)> edit) {
    return [=](tfl::ModelT& m) {
      auto sparsity = std::make_unique<tfl::SparsityParametersT>();
      sparsity->traversal_order = {0, 1, 2, 3};
      for (int size : {1, 2, 2, 1}) {
        auto level = std::make_unique<tfl::DimensionMetadataT>();
        level->format = tfl::DimensionType_DENSE;
        level->dense_size = size;
        sparsity->dim_metadata.push_back(std::move(level));
      }
      edit(*sparsity);
      m.subgraphs[0]->tensors[1]->sparsity = std::move(sparsity);
    };
  };
  EXPECT_EQ(ErrorAfter(sparse([](auto&) {})), "");
  EXPECT_NE(ErrorAfter(sparse([](auto& s) { s.traversal_order = {0, 1, 1, 3}; })).find("is not a permutation"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(sparse([](auto& s) { s.dim_metadata.pop_back(); })).find("dim_metadata has 3 entries, expected 4"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(sparse([](auto& s) { s.dim_metadata[1]->dense_size = 0; }))
                .find("sparsity level 1: DENSE dense_size 0, expected 2"),
            std::string::npos);
  // Level 2 as CSR: 2 positions before it (1 x 2), so 3 segment entries.
  auto csr = [](std::vector<int32_t> segments, std::vector<int32_t> indices) {
    return [=](tfl::SparsityParametersT& s) {
      auto& level = *s.dim_metadata[2];
      level.format = tfl::DimensionType_SPARSE_CSR;
      tfl::Int32VectorT seg, idx;
      seg.values = segments;
      idx.values = indices;
      level.array_segments.Set(std::move(seg));
      level.array_indices.Set(std::move(idx));
    };
  };
  EXPECT_EQ(ErrorAfter(sparse(csr({0, 2, 4}, {0, 1, 0, 1}))), "");  // all 4 values stored
  EXPECT_NE(ErrorAfter(sparse(csr({1, 2, 4}, {0, 1, 0, 1}))).find("segments start at 1, expected 0"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(sparse(csr({0, 3, 2}, {0, 1, 0}))).find("segments decrease at entry 2"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(sparse(csr({0, 2, 4}, {0, 2, 0, 1}))).find("index 2 at entry 1 is outside dim of size 2"),
            std::string::npos);
  EXPECT_NE(ErrorAfter(sparse(csr({0, 2}, {0, 1}))).find("has 2 segments entries, expected 3"),
            std::string::npos);
  // 3 stored values need 12 bytes, the buffer has 16.
  EXPECT_NE(ErrorAfter(sparse(csr({0, 1, 3}, {1, 0, 1}))).find("buffer 2 has 16 bytes, expected 12"),
            std::string::npos);
}

TEST(ModelLoadTest, RejectsShortAndForeignFiles) {
  const uint8_t tiny[4] = {1, 2, 3, 4};
  auto short_model = Model::FromBytes(tiny, sizeof(tiny), "short.tflite");
  ASSERT_FALSE(short_model);
  EXPECT_EQ(short_model.error().message,
            "short.tflite: file is too small to be a TFLite model (4 bytes)");
  std::vector<uint8_t> foreign(64, 0);
  std::memcpy(foreign.data() + 4, "ONNX", 4);
  auto foreign_model = Model::FromBytes(foreign.data(), foreign.size(), "x.onnx");
  ASSERT_FALSE(foreign_model);
  EXPECT_EQ(foreign_model.error().message,
            "x.onnx: not a TFLite model (missing \"TFL3\" file identifier)");
  auto missing = Model::Load("/nonexistent/model.tflite");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/model.tflite"), std::string::npos);
}

TEST(ModelRoundTripTest, TinyModelSurvivesSerializeAndLoad) {
  auto model = Model::FromIr(TinyAddModel(), "tiny.tflite");
  ASSERT_TRUE(model);
  auto bytes = model->Serialize();
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()) + 4, 4), "TFL3");
  auto again = Model::FromBytes(bytes->data(), bytes->size(), "again.tflite");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->ir() == model->ir());
  EXPECT_EQ(again->ir().subgraphs[0]->operators[0]->builtin_options.AsAddOptions()->fused_activation_function,
            tfl::ActivationFunctionType_RELU);
}

// Load -> serialize -> load is lossless on every real model: same IR (operator== from
// --gen-compare covers ops, options, tensors, quantization, sparsity, buffers, metadata), and
// constant buffers land 16-byte aligned in the file.
TEST(ModelRoundTripTest, RealModelsRoundTripLosslessly) {
  int tested = 0;
  for (const auto& stem : model::testing::PoseModelStems()) {
    const std::string path = FindPoseModel(stem);
    if (path.empty()) continue;
    auto original = Model::Load(path);
    ASSERT_TRUE(original) << original.error().message;
    auto bytes = original->Serialize();
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto reloaded = Model::FromBytes(bytes->data(), bytes->size(), stem);
    ASSERT_TRUE(reloaded) << reloaded.error().message;
    const auto& a = original->ir();
    const auto& b = reloaded->ir();
    ASSERT_EQ(a.buffers.size(), b.buffers.size()) << stem;
    for (size_t i = 0; i < a.buffers.size(); ++i) {
      ASSERT_EQ(a.buffers[i]->data, b.buffers[i]->data) << stem << " buffer " << i;
    }
    ASSERT_EQ(a.subgraphs[0]->operators.size(), b.subgraphs[0]->operators.size());
    for (size_t i = 0; i < a.subgraphs[0]->operators.size(); ++i) {
      ASSERT_TRUE(*a.subgraphs[0]->operators[i] == *b.subgraphs[0]->operators[i]) << stem << " op " << i;
    }
    EXPECT_TRUE(a == b) << stem;
    const tfl::Model* root = tfl::GetModel(bytes->data());
    for (const tfl::Buffer* buffer : *root->buffers()) {
      if (buffer->data() && buffer->data()->size() > 0) {
        ASSERT_EQ(reinterpret_cast<uintptr_t>(buffer->data()->data()) % 16,
                  reinterpret_cast<uintptr_t>(bytes->data()) % 16);
      }
    }
    ++tested;
  }
  if (tested == 0) GTEST_SKIP() << "no pose models found (run scripts/fetch_models.sh)";
}

TEST(ModelSaveTest, SaveWritesALoadableFile) {
  auto model = Model::FromIr(TinyAddModel(), "tiny.tflite");
  ASSERT_TRUE(model);
  const std::string path = ::testing::TempDir() + "/edgepose_model_save_test.tflite";
  ASSERT_TRUE(model->Save(path));
  auto loaded = Model::Load(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->ir() == model->ir());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace edgepose
