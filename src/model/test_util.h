// Test helpers for the model layer (header-only, used by src/model tests and tests/fuzz):
// where the real MediaPipe models are, and a tiny valid model built with the object API.
#pragma once

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "edgepose/tflite_schema_generated.h"

namespace edgepose::model::testing {

// Path of a pose model ("pose_detection", "pose_landmark_lite|full|heavy"): models/ in the
// repository first (scripts/fetch_models.sh), then the npm copies; "" when neither exists.
inline std::string FindPoseModel(const std::string& stem) {
  std::vector<std::string> candidates = {std::string(EDGEPOSE_SOURCE_DIR) + "/models/" + stem +
                                         ".tflite"};
  const std::string npm = "/tmp/npmprobe/node_modules/@mediapipe/pose/";
  candidates.push_back(stem == "pose_detection" ? npm + "pose_solution_packed_assets.data"
                                                : npm + stem + ".tflite");
  for (const auto& path : candidates) {
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) return path;
  }
  return "";
}

inline const std::vector<std::string>& PoseModelStems() {
  static const std::vector<std::string> stems = {"pose_detection", "pose_landmark_lite",
                                                 "pose_landmark_full", "pose_landmark_heavy"};
  return stems;
}

inline std::unique_ptr<tfl::TensorT> MakeTensor(const std::string& name,
                                                std::vector<int32_t> shape, uint32_t buffer,
                                                tfl::TensorType type = tfl::TensorType_FLOAT32) {
  auto tensor = std::make_unique<tfl::TensorT>();
  tensor->name = name;
  tensor->shape = std::move(shape);
  tensor->buffer = buffer;
  tensor->type = type;
  return tensor;
}

inline std::unique_ptr<tfl::BufferT> MakeBuffer(const std::vector<float>& values = {}) {
  auto buffer = std::make_unique<tfl::BufferT>();
  buffer->data.resize(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(buffer->data.data(), values.data(), buffer->data.size());
  return buffer;
}

// out = input + bias: tensor 0 "input" [1,2,2,1] (buffer 1, empty), tensor 1 "bias"
// [1,2,2,1] constant {1,2,3,4} (buffer 2), tensor 2 "output" (buffer 3, empty); one ADD op.
inline std::unique_ptr<tfl::ModelT> TinyAddModel() {
  auto model = std::make_unique<tfl::ModelT>();
  model->version = 3;
  model->description = "tiny add";
  auto code = std::make_unique<tfl::OperatorCodeT>();
  code->builtin_code = tfl::BuiltinOperator_ADD;
  code->deprecated_builtin_code = tfl::BuiltinOperator_ADD;
  model->operator_codes.push_back(std::move(code));
  model->buffers.push_back(MakeBuffer());
  model->buffers.push_back(MakeBuffer());
  model->buffers.push_back(MakeBuffer({1.f, 2.f, 3.f, 4.f}));
  model->buffers.push_back(MakeBuffer());

  auto subgraph = std::make_unique<tfl::SubGraphT>();
  subgraph->name = "main";
  subgraph->tensors.push_back(MakeTensor("input", {1, 2, 2, 1}, 1));
  subgraph->tensors.push_back(MakeTensor("bias", {1, 2, 2, 1}, 2));
  subgraph->tensors.push_back(MakeTensor("output", {1, 2, 2, 1}, 3));
  subgraph->inputs = {0};
  subgraph->outputs = {2};
  auto op = std::make_unique<tfl::OperatorT>();
  op->opcode_index = 0;
  op->inputs = {0, 1};
  op->outputs = {2};
  tfl::AddOptionsT options;
  options.fused_activation_function = tfl::ActivationFunctionType_RELU;
  op->builtin_options.Set(std::move(options));
  subgraph->operators.push_back(std::move(op));
  model->subgraphs.push_back(std::move(subgraph));
  return model;
}

}  // namespace edgepose::model::testing
