// Accuracy of quantized BlazePose models against the float models, both run in Google's LiteRT,
// with the quantization issue's protocol (data/pose-eval ground truth):
// - pose_landmark_full fed square crops around the ground-truth person boxes (1.25x, upright,
//   256 x 256, [0, 1]); calibrated on the crops of the even-indexed images, scored on the crops of
//   the odd-indexed ones: mean |quant - float| of the 33 landmarks' x, y in 256-px crop units;
// - pose_detection fed whole letterboxed images (224 x 224, [-1, 1]), same split: IoU of the
//   top box (after MediaPipe's weighted NMS) with the float model's top box on every image.
// EdgePose's outputs of the same quantized files must match LiteRT's within one output step on
// >= 99.9 % of the elements. Each test prints the numbers it measured.
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "common/litert_oracle.h"
#include "common/pose_eval_inputs.h"
#include "common/test_paths.h"
#include "core/npy.h"
#include "edgepose/interpreter.h"
#include "pose/anchors.h"
#include "pose/detection.h"
#include "quant/heads.h"
#include "quant/quantizer.h"

namespace edgepose {
namespace {

namespace fs = std::filesystem;

constexpr int kLandmarkSize = 256;
constexpr int kDetectorSize = 224;
constexpr const char* kLandmarkSplit = "split Identity=5/xy:0,1/z:2/vis:3,4";

struct Split {
  std::vector<testing::PoseEvalInput> calibration, evaluation;
};

Split SplitByImageParity(std::vector<testing::PoseEvalInput> inputs) {
  Split split;
  for (auto& input : inputs) (input.image_index % 2 == 0 ? split.calibration : split.evaluation).push_back(std::move(input));
  return split;
}

fs::path ScratchDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("edgepose_quant_accuracy_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// The model input for real values (quantized with the input's params when integer).
NpyArray InputArray(const Tensor& input, const std::vector<float>& real) {
  NpyArray array = MakeNpyArray(input.type, input.shape);
  const double scale = input.quant.empty() ? 1.0 : input.quant.scale[0];
  const double zero = input.quant.empty() ? 0.0 : static_cast<double>(input.quant.zero_point[0]);
  for (size_t i = 0; i < real.size(); ++i) {
    const double q = std::round(real[i] / scale) + zero;
    switch (input.type) {
      case DType::kInt8: array.data_as<int8_t>()[i] = static_cast<int8_t>(std::clamp(q, -128.0, 127.0)); break;
      case DType::kUInt8: array.data_as<uint8_t>()[i] = static_cast<uint8_t>(std::clamp(q, 0.0, 255.0)); break;
      case DType::kInt16: array.data_as<int16_t>()[i] = static_cast<int16_t>(std::clamp(q, -32767.0, 32767.0)); break;
      default: array.data_as<float>()[i] = real[i]; break;
    }
  }
  return array;
}

// The model's input 0 as a Tensor description (dtype, shape, params) read from the file, so the
// LiteRT measurements do not depend on EdgePose having every kernel of the quantized model.
Tensor InputDescription(const Model& model) {
  const auto& sg = *model.ir().subgraphs[0];
  const auto& t = *sg.tensors[sg.inputs[0]];
  Tensor tensor;
  tensor.name = t.name;
  tensor.type = static_cast<DType>(t.type);
  tensor.shape = Shape(t.shape.begin(), t.shape.end());
  if (t.quantization && !t.quantization->scale.empty()) {
    tensor.quant.scale = t.quantization->scale;
    tensor.quant.zero_point = t.quantization->zero_point;
  }
  return tensor;
}

struct Outputs {
  std::vector<NpyArray> arrays;  // model order
};

// Runs a model in LiteRT on every input (one process).
std::vector<Outputs> RunInLiteRt(const std::string& path, const Tensor& input_tensor,
                                 const std::vector<testing::PoseEvalInput>& inputs) {
  std::vector<std::vector<NpyArray>> cases;
  for (const auto& input : inputs) cases.push_back({InputArray(input_tensor, input.data)});
  auto results = testing::RunLiteRtBatch(path, cases);
  EXPECT_TRUE(results.has_value()) << path << ": " << (results ? "" : results.error().message);
  std::vector<Outputs> outputs;
  if (results)
    for (auto& r : *results) outputs.push_back({std::move(r)});
  return outputs;
}

// EdgePose vs LiteRT on the same file and inputs: the fraction of output elements within one
// output step (per output tensor, by its own step: for a float output the step of the integer
// tensor before the final DEQUANTIZE) and the largest difference in steps.
struct Parity {
  double within_one_step = 0.0;
  double worst_steps = 0.0;
};

Parity CompareWithLiteRt(const Model& model, const std::vector<testing::PoseEvalInput>& inputs,
                         const std::vector<Outputs>& litert) {
  Parity parity;
  auto interpreter = Interpreter::Create(model);
  EXPECT_TRUE(interpreter.has_value()) << interpreter.error().message;
  if (!interpreter || litert.size() != inputs.size()) return parity;
  size_t total = 0, close = 0;
  for (size_t c = 0; c < inputs.size(); ++c) {
    Tensor& input = (*interpreter)->input(0);
    const NpyArray array = InputArray(input, inputs[c].data);
    std::memcpy(input.data, array.data.data(), input.bytes);
    EXPECT_TRUE((*interpreter)->Invoke().has_value());
    for (size_t o = 0; o < (*interpreter)->output_count(); ++o) {
      const Tensor& ours = (*interpreter)->output(o);
      const auto theirs = quant::DequantizedValues(litert[c].arrays[o].data.data(), litert[c].arrays[o].data.size(), ours.type,
                                                   ours.quant.empty() ? 1.f : ours.quant.scale[0],
                                                   ours.quant.empty() ? 0 : ours.quant.zero_point[0]);
      const auto mine = quant::DequantizedValues(static_cast<const uint8_t*>(ours.data), ours.bytes, ours.type,
                                                 ours.quant.empty() ? 1.f : ours.quant.scale[0],
                                                 ours.quant.empty() ? 0 : ours.quant.zero_point[0]);
      const double step = quant::OutputStep(model.ir(), ours.name);
      for (size_t i = 0; i < mine.size() && i < theirs.size(); ++i) {
        const double diff = std::fabs(mine[i] - theirs[i]);
        close += diff <= step * 1.001 + 1e-6;
        if (step > 0) parity.worst_steps = std::max(parity.worst_steps, diff / step);
      }
      total += mine.size();
    }
  }
  parity.within_one_step = total ? static_cast<double>(close) / total : 0.0;
  return parity;
}

struct ModelFiles {
  std::string float_path;
  fs::path dir;
};

Result<Model> Quantize(const std::string& float_path, const std::vector<std::string>& calib_paths,
                       const std::string& mode, quant::Range range, const std::vector<std::string>& extra) {
  EP_ASSIGN_OR_RETURN(Model model, Model::Load(float_path));
  quant::QuantizeOptions options;
  EP_ASSIGN_OR_RETURN(options.mode, quant::ParseQuantMode(mode));
  options.calib_paths = calib_paths;
  options.num_calib = 0;
  options.input_range = range;
  options.report_samples = 0;
  for (const auto& spec : extra) {  // "head NAME=TREATMENT", "split SPEC", "calib-method NAME", "equalize off", ...
    if (spec == "equalize off") options.equalize_channels = false;  // or "keep-saturated-ranges"
    if (spec == "keep-saturated-ranges") options.narrow_ranges = false;
    if (spec == "bias-correction on") options.bias_correction = true;
    if (spec.rfind("head ", 0) == 0) EP_RETURN_IF_ERROR(quant::AddHeadOption(spec.substr(5), &options));
    if (spec.rfind("split ", 0) == 0) EP_RETURN_IF_ERROR(quant::AddSplitOption(spec.substr(6), &options));
    if (spec.rfind("int16-branch ", 0) == 0) {  // comma-separated output names
      std::stringstream names(spec.substr(13));
      for (std::string name; std::getline(names, name, ',');) options.int16_branch.insert(name);
    }
    if (spec.rfind("calib-method ", 0) == 0) {
      EP_ASSIGN_OR_RETURN(options.calibration_method, quant::ParseCalibrationMethod(spec.substr(13)));
    }
  }
  EP_ASSIGN_OR_RETURN(auto outcome, quant::QuantizeModel(model, options));
  return std::move(*outcome.model);
}

// " --flag value" for each extra option, for the printed lines.
std::string Flags(const std::vector<std::string>& extra) {
  std::string flags;
  for (const auto& e : extra) flags += " --" + e;
  return flags;
}

struct LandmarkScore {
  double mean_xy_px = 0.0, max_xy_px = 0.0;
  double xy_step_px = 0.0;
  Parity parity;
};

// Mean |quant - float| of the first 33 landmarks' x, y (the [1,195] output, 5 values each).
LandmarkScore ScoreLandmarks(const Model& quantized, const std::string& quant_path, const std::string& float_path,
                             const std::vector<testing::PoseEvalInput>& eval) {
  LandmarkScore score;
  auto float_model = Model::Load(float_path);
  if (!float_model) {
    ADD_FAILURE() << float_model.error().message;
    return score;
  }
  const auto float_out = RunInLiteRt(float_path, InputDescription(*float_model), eval);
  const auto quant_out = RunInLiteRt(quant_path, InputDescription(quantized), eval);
  if (float_out.size() != eval.size() || quant_out.size() != eval.size()) return score;
  const auto layout = quant::HeadLayout::FromModel(quantized.ir());
  double sum = 0;
  size_t count = 0;
  for (size_t c = 0; c < eval.size(); ++c) {
    auto f = quant::UnpackOutput(quant::HeadLayout::FromModel(float_model->ir()), float_out[c].arrays, "Identity");
    auto q = quant::UnpackOutput(layout, quant_out[c].arrays, "Identity");
    if (!f || !q || f->size() != 195 || q->size() != 195) {
      ADD_FAILURE() << "landmark output missing: " << (!f ? f.error().message : !q ? q.error().message : "size");
      return score;
    }
    for (int k = 0; k < 33; ++k)
      for (int d = 0; d < 2; ++d) {
        const double err = std::fabs((*q)[5 * k + d] - (*f)[5 * k + d]);
        sum += err;
        score.max_xy_px = std::max(score.max_xy_px, err);
        ++count;
      }
  }
  score.mean_xy_px = sum / count;
  score.xy_step_px = layout.StepOf("Identity", 0);
  score.parity = CompareWithLiteRt(quantized, eval, quant_out);
  return score;
}

// (landmark model, mode, extra options, maximum mean x,y error in px).
class LandmarkAccuracyTest
    : public ::testing::TestWithParam<std::tuple<const char*, const char*, std::vector<std::string>, double>> {};

TEST_P(LandmarkAccuracyTest, QuantizedLandmarksStayCloseToFloatOnHeldOutCrops) {
  EP_REQUIRE_LITERT();
  EP_REQUIRE_SHARED_DATA();
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model and runs LiteRT");
  const auto& [model_name, mode, extra, max_mean_px] = GetParam();
  const std::string float_path = testing::ModelPath(model_name);
  EP_REQUIRE_MODEL_FILE(float_path);
  auto crops = testing::LandmarkCropsFromGroundTruth(testing::SharedDataDir() + "/pose-eval", kLandmarkSize);
  ASSERT_TRUE(crops.has_value()) << crops.error().message;
  const Split split = SplitByImageParity(std::move(*crops));
  const fs::path dir = ScratchDir("landmark");
  auto calib = testing::WriteInputsAsNpy(split.calibration, kLandmarkSize, (dir / "calib").string());
  ASSERT_TRUE(calib.has_value()) << calib.error().message;
  auto quantized = Quantize(float_path, *calib, mode, {0.f, 1.f}, extra);
  ASSERT_TRUE(quantized.has_value()) << quantized.error().message;
  const std::string path = (dir / "quantized.tflite").string();
  ASSERT_TRUE(quantized->Save(path).has_value());
  const LandmarkScore score = ScoreLandmarks(*quantized, path, float_path, split.evaluation);
  std::printf("[measured] %s %s%s: %zu calibration crops, %zu held-out crops: landmark x,y mean |quant-float| "
              "%.3f px (max %.2f), x/y output step %.4f px, EdgePose vs LiteRT within 1 step %.4f%% (worst %.0f steps)\n",
              model_name, mode, Flags(extra).c_str(), split.calibration.size(), split.evaluation.size(),
              score.mean_xy_px, score.max_xy_px, score.xy_step_px, 100.0 * score.parity.within_one_step,
              score.parity.worst_steps);
  EXPECT_LE(score.mean_xy_px, max_mean_px);
  EXPECT_GE(score.parity.within_one_step, 0.999);
  fs::remove_all(dir);
}

// Regression guards, not the targets. Issue 3 asks for <= 2.0 px (int8) and <= 0.5 px
// (int16x8). Measured here on pose_landmark_full (LiteRT vs LiteRT, 16 held-out crops); int8 default
// = pooled percentile calibration, channel equalization, saturation-narrowed ranges, GPTQ weights:
// 2.31 px (2.15-2.9 px as the equalization's sample count or headroom changes: the noise of 16
// crops; with the halves swapped 4.4 px); --equalize off 2.75 px, --keep-saturated-ranges 3.75 px.
// The weights alone cost 0.42 px; int16x8 0.41 px with GPTQ + bias correction. The demo's setting,
// min-max ranges + bias correction, 2.48 px here: its pipeline PCK is the better one (docs/quantization.md
// "The int8 pipeline against ground truth"). docs/quantization.md "Measured" has the table.
constexpr const char* kFull = "pose_landmark_full";
constexpr const char* kLite = "pose_landmark_lite";
INSTANTIATE_TEST_SUITE_P(
    Modes, LandmarkAccuracyTest,
    ::testing::Values(std::make_tuple(kFull, "int8", std::vector<std::string>{}, 3.0),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"keep-saturated-ranges"}, 5.0),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"equalize off"}, 5.0),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"calib-method minmax"}, 6.0),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"calib-method ema"}, 5.5),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"calib-method mse"}, 5.5),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{kLandmarkSplit, "head Identity_xy=int16"}, 5.0),
                      std::make_tuple(kFull, "int8", std::vector<std::string>{"int16-branch Identity,Identity_1,Identity_4"}, 2.0),
                      std::make_tuple(kFull, "int16x8", std::vector<std::string>{}, 0.5),
                      std::make_tuple(kFull, "int8",
                                      std::vector<std::string>{"calib-method minmax", "bias-correction on"}, 3.0),
                      std::make_tuple(kLite, "int8", std::vector<std::string>{}, 5.5),
                      std::make_tuple(kLite, "int16x8", std::vector<std::string>{}, 3.5)));

// Top box after decoding and weighted NMS, in letterboxed-tensor coordinates; score 0 when none.
pose::Detection TopDetection(const std::vector<NpyArray>& arrays, const quant::HeadLayout& layout,
                             const std::vector<pose::Anchor>& anchors) {
  auto boxes = quant::UnpackOutput(layout, arrays, "Identity");
  auto scores = quant::UnpackOutput(layout, arrays, "Identity_1");
  if (!boxes || !scores) return {};
  std::vector<float> b(boxes->begin(), boxes->end()), s(scores->begin(), scores->end());
  auto detections = pose::DecodeDetections(b.data(), b.size(), s.data(), s.size(), anchors);
  if (!detections || detections->empty()) return {};
  return pose::WeightedNonMaxSuppression(*detections).front();
}

// (mode, extra flags, minimum top-box IoU on every held-out image). Issue 3 asks for 0.9 on every
// image: int8 with the score head in 16x8 (--head Identity_1=int16) min 0.932; the demo's setting
// (both heads in 16x8, min-max ranges, bias correction) min 0.937.
// Plain int8 min 0.890: its score output has 2.3-logit steps, confident anchors tie and the top box
// is whichever tie sorts first (docs/quantization.md); it and the other variants keep guards of 0.85
// (minmax 0.853, ema 0.891, mse 0.896, --head Identity=int16 0.914). int16x8: min 0.989.
class DetectorAccuracyTest
    : public ::testing::TestWithParam<std::tuple<const char*, std::vector<std::string>, float>> {};

TEST_P(DetectorAccuracyTest, TopBoxOverlapsTheFloatTopBoxOnHeldOutImages) {
  EP_REQUIRE_LITERT();
  EP_REQUIRE_SHARED_DATA();
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model and runs LiteRT");
  const std::string float_path = testing::ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(float_path);
  const auto& [mode, extra, min_iou_required] = GetParam();
  auto images = testing::DetectorInputsFromImages(testing::SharedDataDir() + "/pose-eval", kDetectorSize);
  ASSERT_TRUE(images.has_value()) << images.error().message;
  const Split split = SplitByImageParity(std::move(*images));
  const fs::path dir = ScratchDir("detector");
  auto calib = testing::WriteInputsAsNpy(split.calibration, kDetectorSize, (dir / "calib").string());
  ASSERT_TRUE(calib.has_value()) << calib.error().message;
  auto quantized = Quantize(float_path, *calib, mode, {-1.f, 1.f}, extra);
  ASSERT_TRUE(quantized.has_value()) << quantized.error().message;
  const std::string path = (dir / "quantized.tflite").string();
  ASSERT_TRUE(quantized->Save(path).has_value());
  auto float_model = Model::Load(float_path);
  ASSERT_TRUE(float_model.has_value()) << float_model.error().message;
  const auto float_out = RunInLiteRt(float_path, InputDescription(*float_model), split.evaluation);
  const auto quant_out = RunInLiteRt(path, InputDescription(*quantized), split.evaluation);
  ASSERT_EQ(float_out.size(), split.evaluation.size());
  ASSERT_EQ(quant_out.size(), split.evaluation.size());
  auto anchors = pose::GenerateAnchors();
  ASSERT_TRUE(anchors.has_value());
  const auto float_layout = quant::HeadLayout::FromModel(float_model->ir());
  const auto layout = quant::HeadLayout::FromModel(quantized->ir());
  double min_iou = 1.0, sum_iou = 0.0;
  int persons = 0;
  for (size_t c = 0; c < split.evaluation.size(); ++c) {
    const pose::Detection f = TopDetection(float_out[c].arrays, float_layout, *anchors);
    if (f.score == 0.f) continue;  // the float model finds no person: nothing to compare
    const pose::Detection q = TopDetection(quant_out[c].arrays, layout, *anchors);
    const float iou = q.score == 0.f ? 0.f : pose::IntersectionOverUnion(f, q);
    EXPECT_GE(iou, min_iou_required) << split.evaluation[c].source;
    min_iou = std::min<double>(min_iou, iou);
    sum_iou += iou;
    ++persons;
  }
  const Parity parity = CompareWithLiteRt(*quantized, split.evaluation, quant_out);
  std::printf("[measured] pose_detection %s%s: %zu calibration images, %d held-out images with a float detection: "
              "top-box IoU mean %.4f min %.4f, box/keypoint output step %.4f px, EdgePose vs LiteRT within 1 step %.4f%% "
              "(worst %.0f steps)\n",
              mode, Flags(extra).c_str(), split.calibration.size(), persons,
              persons ? sum_iou / persons : 0.0, min_iou, layout.StepOf("Identity", 0), 100.0 * parity.within_one_step,
              parity.worst_steps);
  EXPECT_GT(persons, 0);
  EXPECT_GE(parity.within_one_step, 0.999);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, DetectorAccuracyTest,
    ::testing::Values(std::make_tuple("int8", std::vector<std::string>{"head Identity_1=int16"}, 0.9f),
                      std::make_tuple("int8",
                                      std::vector<std::string>{"head Identity_1=int16", "head Identity=int16",
                                                               "calib-method minmax", "bias-correction on"},
                                      0.9f),
                      std::make_tuple("int8", std::vector<std::string>{}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"keep-saturated-ranges"}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"equalize off"}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"calib-method minmax"}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"calib-method ema"}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"calib-method mse"}, 0.85f),
                      std::make_tuple("int8", std::vector<std::string>{"head Identity=int16"}, 0.9f),
                      std::make_tuple("int16x8", std::vector<std::string>{}, 0.9f)));

// ---- output resolution (issue 3): one quantization step of the coordinates, from the files ----

// True when no tensor of the model is FLOAT32: every op runs on int8 / int16 (an NPU can take it).
bool AllIntegerTensors(const Model& model) {
  for (const auto& tensor : model.ir().subgraphs[0]->tensors)
    if (tensor->type == tfl::TensorType_FLOAT32) return false;
  return true;
}

struct StepCase {
  const char* mode;
  std::vector<std::string> extra;
};

// The largest step among `components` of the head "Identity" (the packed coordinates), in the
// model's output units: pixels of the 256-px crop (landmark) or of the 224-px input (detector
// boxes and keypoints), so the step in px is the scale itself.
double CoordinateStep(const Model& model, const std::vector<int>& components) {
  const auto layout = quant::HeadLayout::FromModel(model.ir());
  double step = 0.0;
  for (int c : components) step = std::max(step, layout.StepOf("Identity", c));
  return step;
}

struct ComponentGroup {
  const char* label;
  std::vector<int> components;
};

// Quantizes `model_name` in every case, prints the step of each group of coordinates per case and
// asserts <= 0.5 px (every group) for the best all-integer case. Calibration: the first 6
// even-indexed inputs.
void ExpectOutputSteps(const char* model_name, std::vector<testing::PoseEvalInput> inputs, int size,
                       quant::Range range, const std::vector<ComponentGroup>& groups, const std::vector<StepCase>& cases) {
  Split split = SplitByImageParity(std::move(inputs));
  if (split.calibration.size() > 6) split.calibration.resize(6);
  const fs::path dir = ScratchDir(std::string("steps_") + model_name);
  auto calib = testing::WriteInputsAsNpy(split.calibration, size, (dir / "calib").string());
  ASSERT_TRUE(calib.has_value()) << calib.error().message;
  double best_integer_step = 1e9;
  for (const auto& c : cases) {
    auto quantized = Quantize(testing::ModelPath(model_name), *calib, c.mode, range, c.extra);
    ASSERT_TRUE(quantized.has_value()) << c.mode << ": " << quantized.error().message;
    const std::string flags = Flags(c.extra);
    double step = 0.0;
    std::string steps;
    for (const auto& group : groups) {
      const double group_step = CoordinateStep(*quantized, group.components);
      step = std::max(step, group_step);
      char text[64];
      std::snprintf(text, sizeof(text), " %s %.4f px", group.label, group_step);
      steps += text;
    }
    const bool integer = AllIntegerTensors(*quantized);
    std::printf("[measured] %s %s%s: step%s%s\n", model_name, c.mode, flags.c_str(), steps.c_str(),
                integer ? " (all-integer)" : "");
    EXPECT_GT(step, 0.0) << c.mode << flags;  // every integer mode quantizes the coordinates
    if (integer) best_integer_step = std::min(best_integer_step, step);
  }
  EXPECT_LE(best_integer_step, 0.5);
  fs::remove_all(dir);
}

TEST(QuantizedOutputSteps, LandmarkXyStepReachesHalfAPixelWithAnIntegerOnlyModel) {
  EP_REQUIRE_SHARED_DATA();
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model many times");
  EP_REQUIRE_MODEL_FILE(testing::ModelPath("pose_landmark_full"));
  auto crops = testing::LandmarkCropsFromGroundTruth(testing::SharedDataDir() + "/pose-eval", kLandmarkSize);
  ASSERT_TRUE(crops.has_value()) << crops.error().message;
  const std::string split = kLandmarkSplit;
  const std::vector<StepCase> cases = {
      {"int8", {}}, {"int8", {split}}, {"int8", {split, "head Identity_xy=int16"}}, {"int8", {"head Identity=int16"}},
      {"int8-io", {}}, {"int8-io", {split}}, {"int8-io", {split, "head Identity_xy=int16"}},
      {"int8-io", {"head Identity=int16"}}, {"uint8-io", {split, "head Identity_xy=int16"}},
      {"int16x8", {}}, {"int16x8", {split}}};
  ExpectOutputSteps("pose_landmark_full", std::move(*crops), kLandmarkSize, {0.f, 1.f}, {{"x,y", {0, 1}}}, cases);
}

TEST(QuantizedOutputSteps, DetectorBoxAndKeypointStepReachesHalfAPixelWithAnIntegerOnlyModel) {
  EP_REQUIRE_SHARED_DATA();
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model many times");
  EP_REQUIRE_MODEL_FILE(testing::ModelPath("pose_detection"));
  auto images = testing::DetectorInputsFromImages(testing::SharedDataDir() + "/pose-eval", kDetectorSize);
  ASSERT_TRUE(images.has_value()) << images.error().message;
  const std::string split = "split Identity=12/box:0-3/kp:4-11";
  const std::vector<StepCase> cases = {
      {"int8", {}}, {"int8", {split}}, {"int8", {split, "head Identity_box=int16", "head Identity_kp=int16"}},
      {"int8", {"head Identity=int16"}}, {"int8-io", {}}, {"int8-io", {split}},
      {"int8-io", {split, "head Identity_box=int16", "head Identity_kp=int16"}}, {"int8-io", {"head Identity=int16"}},
      {"uint8-io", {split, "head Identity_box=int16", "head Identity_kp=int16"}}, {"int16x8", {}}, {"int16x8", {split}}};
  ExpectOutputSteps("pose_detection", std::move(*images), kDetectorSize, {-1.f, 1.f},
                    {{"box", {0, 1, 2, 3}}, {"keypoints", {4, 5, 6, 7, 8, 9, 10, 11}}}, cases);
}

}  // namespace
}  // namespace edgepose
