#include "common/one_op_parity.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "common/litert_oracle.h"
#include "edgepose/interpreter.h"

namespace edgepose::testing {
namespace {

template <class T>
void FillUniformInts(NpyArray& array, int low, int high) {
  T* values = array.data_as<T>();
  for (int64_t i = 0; i < NumElements(array.shape); ++i) values[i] = static_cast<T>(UniformInt(low, high));
}

template <class T>
double MaxDiff(const NpyArray& reference, const Tensor& ours, double* ref_max) {
  const T* x = reference.data_as<T>();
  const T* y = ours.data_as<T>();
  double worst = 0;
  for (int64_t i = 0; i < NumElements(reference.shape); ++i) {
    const double a = static_cast<double>(x[i]), b = static_cast<double>(y[i]);
    // Matching NaNs and same-signed infinities agree.
    if ((std::isnan(a) && std::isnan(b)) || (std::isinf(a) && a == b)) continue;
    worst = std::max(worst, std::abs(a - b));
    *ref_max = std::max(*ref_max, std::abs(a));
  }
  return worst;
}

}  // namespace

std::mt19937& ParityRng() {
  static std::mt19937 rng(20251126);
  return rng;
}

int UniformInt(int low, int high) { return std::uniform_int_distribution<int>(low, high)(ParityRng()); }

NpyArray RandomArray(DType type, const Shape& shape, float range) {
  NpyArray array = MakeNpyArray(type, shape);
  switch (type) {
    case DType::kFloat32: {
      std::uniform_real_distribution<float> dist(-range, range);
      float* values = array.data_as<float>();
      for (int64_t i = 0; i < NumElements(shape); ++i) values[i] = dist(ParityRng());
      break;
    }
    case DType::kInt8: FillUniformInts<int8_t>(array, -128, 127); break;
    case DType::kUInt8: FillUniformInts<uint8_t>(array, 0, 255); break;
    case DType::kInt16: FillUniformInts<int16_t>(array, -32768, 32767); break;
    case DType::kInt32: FillUniformInts<int32_t>(array, -1000, 1000); break;
    default: break;
  }
  return array;
}

ParityWorst& WorstParity() {
  static ParityWorst worst;
  return worst;
}

void ExpectLiteRtParity(OneOpModel& builder, const std::vector<NpyArray>& inputs, const std::string& label,
                        double max_steps) {
  namespace fs = std::filesystem;
  SCOPED_TRACE(label);
  auto model = builder.Build();
  ASSERT_TRUE(model) << model.error().message;
  InterpreterOptions options;
  options.backend = Backend::kReference;
  auto interpreter = Interpreter::Create(*model, options);
  ASSERT_TRUE(interpreter) << interpreter.error().message;
  ASSERT_EQ((*interpreter)->input_count(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor& input = (*interpreter)->input(i);
    ASSERT_EQ(input.bytes, inputs[i].data.size()) << "input " << i;
    if (input.bytes) std::memcpy(input.data, inputs[i].data.data(), input.bytes);
  }
  ASSERT_TRUE((*interpreter)->Invoke());
  // LiteRT sizes its output buffers from the shapes the file declares, so the saved model
  // declares the output shape we inferred; a wrong one fails there or in the comparison below.
  tfl::SubGraphT& graph = *model->mutable_ir().subgraphs[0];
  graph.tensors[graph.outputs[0]]->shape = (*interpreter)->output(0).shape;
  const std::string path =
      (fs::temp_directory_path() / ("edgepose_parity_" + std::to_string(::getpid()) + ".tflite")).string();
  ASSERT_TRUE(model->Save(path));
  auto reference = RunLiteRt(path, inputs);
  fs::remove(path);
  ASSERT_TRUE(reference) << reference.error().message;
  const Tensor& ours = (*interpreter)->output(0);
  ASSERT_FALSE(reference->empty());
  const NpyArray& theirs = (*reference)[0];
  ASSERT_EQ(ours.type, theirs.dtype);
  ASSERT_EQ(ours.shape, theirs.shape);
  double ref_max = 0;
  switch (ours.type) {
    case DType::kFloat32: {
      const double rel = MaxDiff<float>(theirs, ours, &ref_max) / (ref_max + 1);
      WorstParity().float_rel = std::max(WorstParity().float_rel, rel);
      EXPECT_LE(rel, 1e-5);
      break;
    }
    case DType::kInt32: EXPECT_EQ(MaxDiff<int32_t>(theirs, ours, &ref_max), 0.0); break;
    case DType::kInt8: case DType::kUInt8: case DType::kInt16: {
      const double steps = ours.type == DType::kInt8    ? MaxDiff<int8_t>(theirs, ours, &ref_max)
                           : ours.type == DType::kUInt8 ? MaxDiff<uint8_t>(theirs, ours, &ref_max)
                                                        : MaxDiff<int16_t>(theirs, ours, &ref_max);
      WorstParity().quant_steps = std::max(WorstParity().quant_steps, steps);
      EXPECT_LE(steps, max_steps);
      break;
    }
    default: FAIL() << "unexpected output dtype " << DTypeName(ours.type);
  }
}

}  // namespace edgepose::testing
