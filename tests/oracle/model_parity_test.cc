// EdgePose vs Google's LiteRT on whole MediaPipe models: the same input bytes through both runtimes
// (one seeded random tensor, one real photo letterboxed as the model expects), both EdgePose backends.
//
// Criterion: max|diff| <= tol * (max|LiteRT| + 1) against LiteRT's `compat` or `simd` wasm build, with
// tol = max(1e-4, 2 x the two LiteRT builds' own disagreement on that output). Google's two builds differ
// only in rounding (simd fuses multiply-adds), so their spread is the oracle's own noise floor. It matters
// for one output: the landmark models' segmentation logits amplify rounding (pose_landmark_lite, random
// input: compat vs simd 0.244 of max 778, i.e. 3.1e-4; EdgePose-XNNPACK vs simd 0.0024, 3.1e-6). Node by
// node the reference backend is as close to a double-precision evaluation as XNNPACK is.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/litert_oracle.h"
#include "common/test_paths.h"
#include "edgepose/interpreter.h"
#include "runtime/tensor_io.h"

namespace edgepose {
namespace {

namespace fs = std::filesystem;

struct ValueRange {
  float low, high;
};

// The input range each MediaPipe graph feeds its model (ImageToTensorCalculator's
// output_tensor_float_range in the module's .pbtxt).
ValueRange InputRangeFor(const std::string& stem) {
  static const std::map<std::string, ValueRange> kRanges = {
      {"pose_detection", {-1, 1}},       {"face_detection_short_range", {-1, 1}},
      {"face_detection_full_range", {-1, 1}}, {"face_detection_full_range_sparse", {-1, 1}},
      {"hand_recrop", {-1, 1}},          {"object_detection_ssd_mobilenetv2_oidv4_fp16", {-1, 1}},
  };
  auto it = kRanges.find(stem);
  return it == kRanges.end() ? ValueRange{0, 1} : it->second;
}

std::vector<std::string> ModelsUnderTest() {
  std::vector<std::string> names = {"pose_detection", "pose_landmark_lite", "pose_landmark_full",
                                    "pose_landmark_heavy"};
  const fs::path extra = fs::path(testing::SourceDir()) / "models" / "extra";
  std::error_code ec;
  std::vector<std::string> extras;
  for (const auto& entry : fs::directory_iterator(extra, ec))
    if (entry.path().extension() == ".tflite") extras.push_back("extra/" + entry.path().stem().string());
  std::sort(extras.begin(), extras.end());
  names.insert(names.end(), extras.begin(), extras.end());
  return names;
}

std::string PhotoPath() {
  const std::string debian = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";
  if (fs::exists(debian)) return debian;
  const std::string shared = testing::SharedDataDir();
  return shared.empty() ? "" : shared + "/pose-eval/coco_000000000785.jpg";
}

// Letterbox (keep aspect ratio, zero border) into an NHWC float tensor in [low, high].
NpyArray LetterboxedPhoto(const cv::Mat& bgr, const Shape& shape, ValueRange range) {
  const int height = shape[1], width = shape[2], channels = shape[3];
  const double scale = std::min(static_cast<double>(width) / bgr.cols, static_cast<double>(height) / bgr.rows);
  const int resized_w = std::max(1, static_cast<int>(std::lround(bgr.cols * scale)));
  const int resized_h = std::max(1, static_cast<int>(std::lround(bgr.rows * scale)));
  cv::Mat rgb, resized;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  cv::resize(rgb, resized, cv::Size(resized_w, resized_h), 0, 0, cv::INTER_AREA);
  cv::Mat canvas = cv::Mat::zeros(height, width, CV_8UC3);
  resized.copyTo(canvas(cv::Rect((width - resized_w) / 2, (height - resized_h) / 2, resized_w, resized_h)));
  NpyArray array = MakeNpyArray(DType::kFloat32, shape);
  float* out = array.data_as<float>();
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c) {
        const float unit = canvas.at<cv::Vec3b>(y, x)[std::min(c, 2)] / 255.f;
        out[(y * width + x) * channels + c] = range.low + (range.high - range.low) * unit;
      }
  return array;
}

bool IsImageInput(const Tensor& tensor) {
  return tensor.type == DType::kFloat32 && tensor.rank() == 4 && tensor.dim(0) == 1 && tensor.dim(3) <= 4;
}

struct Comparison {
  double max_diff = 0, max_ref = 0;
  double ratio() const { return max_diff / (max_ref + 1.0); }
};

Comparison CompareOutputs(const Tensor& ours, const NpyArray& theirs) {
  Comparison result;
  const float* a = ours.data_as<float>();
  const float* b = theirs.data_as<float>();
  for (int64_t i = 0; i < ours.num_elements(); ++i) {
    result.max_diff = std::max(result.max_diff, static_cast<double>(std::fabs(a[i] - b[i])));
    result.max_ref = std::max(result.max_ref, static_cast<double>(std::fabs(b[i])));
    if (std::isnan(a[i]) != std::isnan(b[i])) result.max_diff = INFINITY;
  }
  return result;
}

struct OracleOutputs {
  std::vector<NpyArray> compat, simd;
};

class ModelParityTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelParityTest, OutputsMatchLiteRt) {
  const std::string name = GetParam();
  EP_REQUIRE_LITERT();
  const std::string path = testing::ModelPath(name);
  EP_REQUIRE_MODEL_FILE(path);
  // Under sanitizers two models keep the whole-model path covered; the numerics of the rest are the
  // Release run's job (sanitized reference kernels are ~10x slower).
  if (name != "pose_detection" && name != "pose_landmark_lite")
    EP_SKIP_IN_SANITIZER_BUILD("whole-model numerics covered by the Release run");

  auto model = Model::Load(path);
  ASSERT_TRUE(model) << model.error().message;
  const bool has_custom_op =
      std::any_of(model->ir().operator_codes.begin(), model->ir().operator_codes.end(),
                  [](const auto& code) { return BuiltinCode(*code) == tfl::BuiltinOperator_CUSTOM; });
  if (has_custom_op) {
    // MediaPipe's own custom ops (e.g. Convolution2DTransposeBias): a clear load-time error is the contract.
    auto refused = Interpreter::Create(*model, {});
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("custom operator"), std::string::npos) << refused.error().message;
    GTEST_SKIP() << name << " uses MediaPipe custom ops; EdgePose refuses it at load: " << refused.error().message;
  }
  std::vector<Backend> backends = {Backend::kReference};
  if (BackendAvailable(Backend::kXnnpack)) backends.push_back(Backend::kXnnpack);
  std::vector<std::unique_ptr<Interpreter>> runners;
  for (Backend backend : backends) {
    InterpreterOptions options;
    options.backend = backend;
    auto interpreter = Interpreter::Create(*model, options);
    ASSERT_TRUE(interpreter) << BackendName(backend) << ": " << interpreter.error().message;
    runners.push_back(std::move(*interpreter));
  }

  const std::string stem = fs::path(path).stem().string();
  const ValueRange range = InputRangeFor(stem);
  const std::string photo_path = PhotoPath();
  cv::Mat photo = photo_path.empty() ? cv::Mat() : cv::imread(photo_path, cv::IMREAD_COLOR);
  Interpreter& first = *runners.front();

  for (const std::string input_kind : {"random", "photo"}) {
    if (input_kind == "photo" && photo.empty()) {
      std::printf("[ note ] %s: no photo available, photo input skipped\n", name.c_str());
      continue;
    }
    std::vector<NpyArray> inputs;
    for (size_t i = 0; i < first.input_count(); ++i) {
      Tensor& tensor = first.input(i);
      if (input_kind == "photo" && IsImageInput(tensor)) {
        inputs.push_back(LetterboxedPhoto(photo, tensor.shape, range));
      } else {
        runtime::FillRandom(tensor, 1234 + i, range.low, range.high);
        inputs.push_back(runtime::ToNpy(tensor));
      }
    }
    OracleOutputs oracle;
    for (auto [variant, target] : {std::pair{"compat", &oracle.compat}, std::pair{"simd", &oracle.simd}}) {
      testing::LiteRtOptions options;
      options.variant = variant;
      auto outputs = testing::RunLiteRt(path, inputs, options);
      ASSERT_TRUE(outputs) << variant << ": " << outputs.error().message;
      ASSERT_EQ(outputs->size(), first.output_count());
      *target = std::move(*outputs);
    }
    for (size_t b = 0; b < runners.size(); ++b) {
      Interpreter& runner = *runners[b];
      for (size_t i = 0; i < runner.input_count(); ++i) ASSERT_TRUE(runtime::CopyFromNpy(inputs[i], runner.input(i)));
      ASSERT_TRUE(runner.Invoke());
      for (size_t o = 0; o < runner.output_count(); ++o) {
        const Tensor& ours = runner.output(o);
        ASSERT_EQ(ours.type, DType::kFloat32);
        ASSERT_EQ(NumElements(oracle.compat[o].shape), ours.num_elements()) << "output " << o;
        Tensor simd_view = ours;  // compare LiteRT's two builds with the same routine
        simd_view.data = const_cast<uint8_t*>(oracle.simd[o].data.data());
        const double spread = CompareOutputs(simd_view, oracle.compat[o]).ratio();
        const double vs_compat = CompareOutputs(ours, oracle.compat[o]).ratio();
        const double vs_simd = CompareOutputs(ours, oracle.simd[o]).ratio();
        const double tolerance = std::max(1e-4, 2 * spread);
        std::printf("[ parity ] %-48s %-9s %-6s output %zu %-16s vs compat %.3g  vs simd %.3g  "
                    "LiteRT spread %.3g  tolerance %.3g\n",
                    name.c_str(), BackendName(backends[b]), input_kind.c_str(), o, ShapeToString(ours.shape).c_str(),
                    vs_compat, vs_simd, spread, tolerance);
        EXPECT_LE(std::min(vs_compat, vs_simd), tolerance)
            << name << " " << BackendName(backends[b]) << " output " << o << " (" << ours.name << ") on "
            << input_kind << " input";
      }
    }
  }
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllModels, ModelParityTest, ::testing::ValuesIn(ModelsUnderTest()), ParamName);

}  // namespace
}  // namespace edgepose
