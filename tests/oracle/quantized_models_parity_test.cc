// Quantized models vs Google's LiteRT: every quantization mode must produce a file LiteRT loads
// and runs, and EdgePose's outputs of the int8 / int16x8 files must match LiteRT's within one
// quantization step for >= 99.9 % of the elements. The quantized outputs are also compared
// with the float model in LiteRT (SQNR), so a rewrite that is consistent but wrong still fails.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "common/litert_oracle.h"
#include "common/test_paths.h"
#include "core/npy.h"
#include "edgepose/interpreter.h"
#include "quant/error_report.h"
#include "quant/passes/test_models.h"
#include "quant/quantizer.h"

namespace edgepose {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("edgepose_quant_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Real values of an output array (dequantized with the given params when integer).
std::vector<double> RealValues(const NpyArray& array, float scale, int64_t zero_point) {
  const size_t n = static_cast<size_t>(NumElements(array.shape));
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    switch (array.dtype) {
      case DType::kFloat32: out[i] = array.data_as<float>()[i]; break;
      case DType::kInt8: out[i] = scale * (array.data_as<int8_t>()[i] - zero_point); break;
      case DType::kUInt8: out[i] = scale * (array.data_as<uint8_t>()[i] - zero_point); break;
      case DType::kInt16: out[i] = scale * (array.data_as<int16_t>()[i] - zero_point); break;
      default: out[i] = 0; break;
    }
  }
  return out;
}

NpyArray InputFor(const Tensor& input, const std::vector<float>& real) {
  NpyArray array = MakeNpyArray(input.type, input.shape);
  const float scale = input.quant.empty() ? 1.f : input.quant.scale[0];
  const int64_t zero = input.quant.empty() ? 0 : input.quant.zero_point[0];
  for (size_t i = 0; i < real.size(); ++i) {
    const double q = std::round(real[i] / scale) + zero;
    switch (input.type) {
      case DType::kFloat32: array.data_as<float>()[i] = real[i]; break;
      case DType::kInt8: array.data_as<int8_t>()[i] = static_cast<int8_t>(std::clamp(q, -128.0, 127.0)); break;
      case DType::kUInt8: array.data_as<uint8_t>()[i] = static_cast<uint8_t>(std::clamp(q, 0.0, 255.0)); break;
      case DType::kInt16: array.data_as<int16_t>()[i] = static_cast<int16_t>(std::clamp(q, -32767.0, 32767.0)); break;
      default: break;
    }
  }
  return array;
}

struct ParityResult {
  double within_one_step = 0.0;  // fraction of output elements
  std::vector<double> sqnr_vs_float_db;  // per output, LiteRT quantized vs LiteRT float
};

// Runs `quantized` in EdgePose and LiteRT and `float_path` in LiteRT on the same real input.
ParityResult CompareWithLiteRt(const std::string& float_path, const Model& quantized, const std::string& quantized_path,
                               const std::vector<float>& real_input) {
  ParityResult result;
  auto interpreter = Interpreter::Create(quantized);
  EXPECT_TRUE(interpreter.has_value()) << interpreter.error().message;
  if (!interpreter) return result;
  Tensor& input = (*interpreter)->input(0);
  const NpyArray input_array = InputFor(input, real_input);
  std::memcpy(input.data, input_array.data.data(), input.bytes);
  auto invoked = (*interpreter)->Invoke();
  EXPECT_TRUE(invoked.has_value()) << invoked.error().message;
  auto litert = testing::RunLiteRt(quantized_path, {input_array});
  EXPECT_TRUE(litert.has_value()) << (litert ? "" : litert.error().message);
  NpyArray float_input = MakeNpyArray(DType::kFloat32, input.shape);
  std::memcpy(float_input.data.data(), real_input.data(), real_input.size() * sizeof(float));
  auto litert_float = testing::RunLiteRt(float_path, {float_input});
  EXPECT_TRUE(litert_float.has_value()) << (litert_float ? "" : litert_float.error().message);
  if (!invoked || !litert || !litert_float) return result;
  size_t total = 0, close = 0;
  for (size_t o = 0; o < (*interpreter)->output_count(); ++o) {
    const Tensor& ours = (*interpreter)->output(o);
    const float scale = ours.quant.empty() ? 0.f : ours.quant.scale[0];
    const int64_t zero = ours.quant.empty() ? 0 : ours.quant.zero_point[0];
    NpyArray our_array = MakeNpyArray(ours.type, ours.shape);
    std::memcpy(our_array.data.data(), ours.data, ours.bytes);
    const auto a = RealValues(our_array, scale, zero);
    const auto b = RealValues((*litert)[o], scale, zero);
    const auto f = RealValues((*litert_float)[o], 1.f, 0);
    // One step of the output, or of the tensor feeding the final DEQUANTIZE for float outputs:
    // take the largest step of any integer tensor named like the output.
    double step = scale;
    if (step == 0.0) {
      for (const auto& t : quantized.ir().subgraphs[0]->tensors)
        if (t->name.rfind(ours.name + "_", 0) == 0 && t->quantization && !t->quantization->scale.empty())
          step = std::max<double>(step, t->quantization->scale[0]);
    }
    double signal = 0, noise = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      close += std::fabs(a[i] - b[i]) <= step * 1.001 + 1e-6;
      signal += f[i] * f[i];
      noise += (b[i] - f[i]) * (b[i] - f[i]);
    }
    total += a.size();
    result.sqnr_vs_float_db.push_back(quant::Sqnr(signal, noise));
  }
  result.within_one_step = total ? static_cast<double>(close) / total : 0.0;
  return result;
}

std::vector<float> RandomInput(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

TEST(QuantizedModelsParityTest, EveryModeOfASmallConvModelRunsInLiteRtAndMatchesEdgePose) {
  EP_REQUIRE_LITERT();
  const fs::path dir = TempDir("small");
  auto float_model = Model::FromIr(quant::testing::ConvReshapeLogisticModel(), "small");
  ASSERT_TRUE(float_model.has_value()) << float_model.error().message;
  const std::string float_path = (dir / "float.tflite").string();
  ASSERT_TRUE(float_model->Save(float_path).has_value());
  std::vector<std::string> calib;
  for (int i = 0; i < 8; ++i) {
    NpyArray array = MakeNpyArray(DType::kFloat32, {1, 4, 4, 2});
    const auto values = RandomInput(32, -1.f, 1.f, 100 + i);
    std::memcpy(array.data.data(), values.data(), 128);
    calib.push_back((dir / ("calib_" + std::to_string(i) + ".npy")).string());
    ASSERT_TRUE(WriteNpy(calib.back(), array).has_value());
  }
  for (const char* mode_name : {"float16", "int8", "int8-io", "uint8-io", "int16x8"}) {
    SCOPED_TRACE(mode_name);
    quant::QuantizeOptions options;
    options.mode = *quant::ParseQuantMode(mode_name);
    options.calib_paths = calib;
    options.input_range = quant::Range{-1.f, 1.f};
    options.report_samples = 2;
    auto outcome = quant::QuantizeModel(*float_model, options);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    const std::string path = (dir / (std::string(mode_name) + ".tflite")).string();
    ASSERT_TRUE(outcome->model->Save(path).has_value());
    const auto input = RandomInput(32, -1.f, 1.f, 7);
    const ParityResult parity = CompareWithLiteRt(float_path, *outcome->model, path, input);
    EXPECT_GE(parity.within_one_step, 0.999);
    ASSERT_EQ(parity.sqnr_vs_float_db.size(), 1u);
    // int8 logistic output step 1/256 on values in [0.5, 1]: ~ 40 dB; int16 and float16 far more.
    const double min_sqnr = std::string(mode_name) == "int16x8" ? 60.0 : std::string(mode_name) == "float16" ? 60.0 : 35.0;
    EXPECT_GE(parity.sqnr_vs_float_db[0], min_sqnr);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace edgepose
