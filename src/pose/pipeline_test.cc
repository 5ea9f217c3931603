// Parity with Google's MediaPipe Pose: the float detector + full landmark model, static mode,
// no smoothing, on every image of data/pose-eval, against the landmarks MediaPipe Pose 0.5
// itself produced (mediapipe_pose_full_reference.json). Skips when models or data are absent.
#include "pose/pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;

std::string DataDir() {
  const char* env = std::getenv("EDGEPOSE_DATA_DIR");
  return std::string(env ? env : "/work/shared/data") + "/pose-eval";
}

std::string ModelPath(const std::string& name) {
  return std::string(EDGEPOSE_SOURCE_DIR) + "/models/" + name;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double index = p * (values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(index));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (values[hi] - values[lo]) * (index - lo);
}

TEST(PosePipelineTest, MatchesMediaPipeOnPoseEvalImages) {
  const std::string reference_path = DataDir() + "/mediapipe_pose_full_reference.json";
  const std::string detector = ModelPath("pose_detection.tflite");
  const std::string landmark = ModelPath("pose_landmark_full.tflite");
  if (!fs::exists(reference_path)) GTEST_SKIP() << "no reference data at " << reference_path;
  if (!fs::exists(detector) || !fs::exists(landmark)) {
    GTEST_SKIP() << "models absent (run scripts/fetch_models.sh)";
  }
  std::ifstream file(reference_path);
  const nlohmann::json reference = nlohmann::json::parse(file, nullptr, false);
  ASSERT_FALSE(reference.is_discarded()) << reference_path << ": invalid JSON";

  PoseOptions options;
  options.static_image_mode = true;
  options.smooth_landmarks = false;
  auto pipeline = PosePipeline::Create(detector, landmark, options);
  ASSERT_TRUE(pipeline) << pipeline.error().message;

  std::vector<double> errors;
  int disagreements = 0;
  for (const auto& record : reference) {
    const std::string name = record.at("file").get<std::string>();
    const cv::Mat image = cv::imread(DataDir() + "/" + name, cv::IMREAD_COLOR);
    ASSERT_FALSE(image.empty()) << name;
    auto result = (*pipeline)->Process(image, 0);
    ASSERT_TRUE(result) << name << ": " << result.error().message;
    const bool expected_pose = !record.at("landmarks").is_null();
    if (expected_pose != result->pose_present) {
      ++disagreements;
      std::printf("%-58s DISAGREE: mediapipe %s, edgepose %s (presence %.3f, detection %s)\n",
                  name.c_str(), expected_pose ? "pose" : "none",
                  result->pose_present ? "pose" : "none", result->pose_presence,
                  result->detection ? "yes" : "no");
      continue;
    }
    if (!expected_pose) {
      std::printf("%-58s both: no pose\n", name.c_str());
      continue;
    }
    const auto& expected = record.at("landmarks");
    std::vector<double> image_errors;
    for (int i = 0; i < 33; ++i) {
      const double dx = (result->landmarks[i].x - expected[i][0].get<double>()) * image.cols;
      const double dy = (result->landmarks[i].y - expected[i][1].get<double>()) * image.rows;
      image_errors.push_back(std::hypot(dx, dy));
    }
    std::printf("%-58s median %8.4f px  max %8.4f px  presence %.4f\n", name.c_str(),
                Percentile(image_errors, 0.5),
                *std::max_element(image_errors.begin(), image_errors.end()),
                result->pose_presence);
    errors.insert(errors.end(), image_errors.begin(), image_errors.end());
  }
  const double median = Percentile(errors, 0.5);
  const double p95 = Percentile(errors, 0.95);
  std::printf("all landmarks: n=%zu median %.4f px, p95 %.4f px, detect disagreements %d\n",
              errors.size(), median, p95, disagreements);
  EXPECT_EQ(disagreements, 0);
  EXPECT_LE(median, 0.5);
  EXPECT_LE(p95, 2.0);
}

}  // namespace
}  // namespace edgepose::pose
