// Checks the LiteRT oracle itself before anything is compared against it: it runs the real pose
// detector deterministically with the documented output shapes, moves int8 and int16 tensors in and
// out bit-exactly (closed-form requantization), and reports unloadable models as errors.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "common/litert_oracle.h"
#include "common/test_paths.h"
#include "edgepose/file_io.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose::testing {
namespace {

NpyArray SeededUniform(const Shape& shape, float low, float high, uint32_t seed) {
  NpyArray array = MakeNpyArray(DType::kFloat32, shape);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(low, high);
  float* values = array.data_as<float>();
  for (int64_t i = 0; i < NumElements(shape); ++i) values[i] = dist(rng);
  return array;
}

// in (type, scale 0.5, zero point in_zp) → DEQUANTIZE → float → QUANTIZE → out (type, scale 0.25,
// zero point out_zp): out = clamp(round(0.5 * (in - in_zp) / 0.25) + out_zp) = clamp(2 * (in - in_zp) + out_zp).
std::vector<uint8_t> RequantizeModel(tfl::TensorType type, int64_t in_zp, int64_t out_zp) {
  tfl::ModelT model;
  model.version = 3;
  for (auto op : {tfl::BuiltinOperator_DEQUANTIZE, tfl::BuiltinOperator_QUANTIZE}) {
    auto code = std::make_unique<tfl::OperatorCodeT>();
    code->builtin_code = op;
    code->deprecated_builtin_code = static_cast<int8_t>(op);
    code->version = 1;
    model.operator_codes.push_back(std::move(code));
  }
  model.buffers.push_back(std::make_unique<tfl::BufferT>());
  auto graph = std::make_unique<tfl::SubGraphT>();
  auto add_tensor = [&](const char* name, tfl::TensorType tensor_type, float scale, int64_t zero_point) {
    auto tensor = std::make_unique<tfl::TensorT>();
    tensor->name = name;
    tensor->type = tensor_type;
    tensor->shape = {1, 4};
    tensor->buffer = 0;
    if (scale > 0) {
      tensor->quantization = std::make_unique<tfl::QuantizationParametersT>();
      tensor->quantization->scale = {scale};
      tensor->quantization->zero_point = {zero_point};
    }
    graph->tensors.push_back(std::move(tensor));
  };
  add_tensor("in", type, 0.5f, in_zp);
  add_tensor("real", tfl::TensorType_FLOAT32, 0.0f, 0);
  add_tensor("out", type, 0.25f, out_zp);
  for (int i = 0; i < 2; ++i) {
    auto op = std::make_unique<tfl::OperatorT>();
    op->opcode_index = static_cast<uint32_t>(i);
    op->inputs = {i};
    op->outputs = {i + 1};
    graph->operators.push_back(std::move(op));
  }
  graph->inputs = {0};
  graph->outputs = {2};
  model.subgraphs.push_back(std::move(graph));
  flatbuffers::FlatBufferBuilder builder;
  tfl::FinishModelBuffer(builder, tfl::Model::Pack(builder, &model));
  return std::vector<uint8_t>(builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize());
}

class ScratchFile {
 public:
  ScratchFile(const std::string& name, const std::vector<uint8_t>& bytes)
      : path_((std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))).string()) {
    EXPECT_TRUE(WriteFileAtomic(path_, bytes));
  }
  ~ScratchFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

template <class T>
void ExpectRequantized(tfl::TensorType type, DType dtype, const std::vector<T>& in, int64_t in_zp, int64_t out_zp) {
  ScratchFile model("requantize_" + std::string(DTypeName(dtype)) + ".tflite", RequantizeModel(type, in_zp, out_zp));
  NpyArray input = MakeNpyArray(dtype, {1, 4});
  std::memcpy(input.data.data(), in.data(), in.size() * sizeof(T));
  auto outputs = RunLiteRt(model.path(), {input});
  ASSERT_TRUE(outputs) << outputs.error().message;
  ASSERT_EQ(outputs->size(), 1u);
  const NpyArray& out = outputs->front();
  ASSERT_EQ(out.dtype, dtype);
  ASSERT_EQ(out.shape, (Shape{1, 4}));
  for (size_t i = 0; i < in.size(); ++i) {
    const int64_t expected = std::clamp<int64_t>(2 * (in[i] - in_zp) + out_zp, std::numeric_limits<T>::min(),
                                                 std::numeric_limits<T>::max());
    EXPECT_EQ(out.data_as<T>()[i], expected) << "element " << i << " input " << int64_t{in[i]};
  }
}

TEST(LiteRtSmokeTest, PoseDetectorIsDeterministicWithDocumentedShapes) {
  EP_REQUIRE_LITERT();
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  const NpyArray input = SeededUniform({1, 224, 224, 3}, -1.0f, 1.0f, /*seed=*/20240611);

  auto first = RunLiteRt(model, {input});
  ASSERT_TRUE(first) << first.error().message;
  auto second = RunLiteRt(model, {input});
  ASSERT_TRUE(second) << second.error().message;

  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].shape, (Shape{1, 2254, 12}));  // box + 4 keypoints per anchor
  EXPECT_EQ((*first)[1].shape, (Shape{1, 2254, 1}));   // score logit per anchor
  for (size_t i = 0; i < first->size(); ++i) {
    EXPECT_EQ((*first)[i].dtype, DType::kFloat32);
    EXPECT_EQ((*first)[i].data, (*second)[i].data) << "output " << i << " differs between two runs";
  }
  // A real computation, not uninitialized memory: finite, and the scores differ across anchors.
  const NpyArray& scores = (*first)[1];
  const float* score = scores.data_as<float>();
  const auto [low, high] = std::minmax_element(score, score + NumElements(scores.shape));
  EXPECT_TRUE(std::all_of(score, score + NumElements(scores.shape), [](float v) { return std::isfinite(v); }));
  EXPECT_LT(*low, *high);
}

TEST(LiteRtSmokeTest, BatchRunsEachCaseOnItsOwnInput) {
  EP_REQUIRE_LITERT();
  ScratchFile model("requantize_batch.tflite", RequantizeModel(tfl::TensorType_INT8, 0, 0));
  std::vector<std::vector<NpyArray>> cases;
  for (int8_t base : {-3, 10, 50}) {
    NpyArray input = MakeNpyArray(DType::kInt8, {1, 4});
    for (int i = 0; i < 4; ++i) input.data_as<int8_t>()[i] = static_cast<int8_t>(base + i);
    cases.push_back({input});
  }
  auto results = RunLiteRtBatch(model.path(), cases);
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->size(), cases.size());
  for (size_t c = 0; c < cases.size(); ++c) {
    ASSERT_EQ((*results)[c].size(), 1u);
    for (int i = 0; i < 4; ++i) {
      const int expected = std::clamp(2 * cases[c][0].data_as<int8_t>()[i], -128, 127);
      EXPECT_EQ((*results)[c][0].data_as<int8_t>()[i], expected) << "case " << c << " element " << i;
    }
  }
}

TEST(LiteRtSmokeTest, Int8InputAndOutputRoundTripExactly) {
  EP_REQUIRE_LITERT();
  ExpectRequantized<int8_t>(tfl::TensorType_INT8, DType::kInt8, {-10, 0, 5, 60}, /*in_zp=*/1, /*out_zp=*/-3);
}

TEST(LiteRtSmokeTest, Int16InputAndOutputRoundTripExactly) {
  EP_REQUIRE_LITERT();
  ExpectRequantized<int16_t>(tfl::TensorType_INT16, DType::kInt16, {-1000, 0, 7, 20000}, 0, 0);
}

TEST(LiteRtSmokeTest, UnloadableModelIsAnErrorWithExitCode2) {
  EP_REQUIRE_LITERT();
  ScratchFile model("not_a_model.tflite", std::vector<uint8_t>(512, 0x5a));
  auto outputs = RunLiteRt(model.path(), {});
  ASSERT_FALSE(outputs);
  EXPECT_NE(outputs.error().message.find("exit 2"), std::string::npos) << outputs.error().message;
}

// LiteRT compiles a model with an op it cannot resolve and would return uninitialized memory; the
// only sign is an ERROR line in its log, which the runner must turn into a failure.
TEST(LiteRtSmokeTest, UnresolvedCustomOpIsAnErrorWithExitCode3) {
  EP_REQUIRE_LITERT();
  const std::string model = ModelPath("extra/face_landmark_with_attention");
  EP_REQUIRE_MODEL_FILE(model);
  auto outputs = RunLiteRt(model, {MakeNpyArray(DType::kFloat32, {1, 192, 192, 3})});
  ASSERT_FALSE(outputs);
  EXPECT_NE(outputs.error().message.find("exit 3"), std::string::npos) << outputs.error().message;
  EXPECT_NE(outputs.error().message.find("Landmarks2TransformMatrix"), std::string::npos) << outputs.error().message;
}

TEST(LiteRtSmokeTest, WrongInputShapeIsAnError) {
  EP_REQUIRE_LITERT();
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  auto outputs = RunLiteRt(model, {MakeNpyArray(DType::kFloat32, {1, 256, 256, 3})});
  ASSERT_FALSE(outputs);
  EXPECT_NE(outputs.error().message.find("[1,224,224,3]"), std::string::npos) << outputs.error().message;
}

TEST(LiteRtSmokeTest, ReportsMedianLatency) {
  EP_REQUIRE_LITERT();
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  auto latency = LiteRtMedianLatencyMs(model, 3);
  ASSERT_TRUE(latency) << latency.error().message;
  EXPECT_GT(*latency, 0.0);
}

}  // namespace
}  // namespace edgepose::testing
