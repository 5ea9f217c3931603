// Repetition counts on the real exercise clips of ../shared/data/exercise: the full application
// path (video decode -> pipeline with tracking and smoothing -> rep counter) must report exactly
// the hand-counted number in reps.json for every clip. Skips without the data or the models.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pose/pipeline.h"
#include "pose/pose_runner.h"

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;

std::string ExerciseDir() {
  const char* env = std::getenv("EDGEPOSE_SHARED_DATA");
  return (env ? std::string(env) : std::string(EDGEPOSE_SOURCE_DIR) + "/../shared/data") + "/exercise";
}

TEST(ExerciseClipsTest, CountsTheHandCountedRepetitionsOfEveryClip) {
  // Sanitized builds (scripts/test.sh's second pass) skip this whole-pipeline run: the Release pass
  // covers it, and its code paths are exercised under sanitizers by the unit tests.
  if (std::getenv("EDGEPOSE_SANITIZER_BUILD")) GTEST_SKIP() << "skipped under sanitizers: whole-pipeline run";
  const std::string reps_path = ExerciseDir() + "/reps.json";
  const std::string detector = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_detection.tflite";
  const std::string landmark = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_landmark_full.tflite";
  if (!fs::exists(reps_path)) GTEST_SKIP() << "no exercise clips at " << reps_path;
  if (!fs::exists(detector) || !fs::exists(landmark)) GTEST_SKIP() << "models absent (scripts/fetch_models.sh)";
  std::ifstream file(reps_path);
  const auto clips = nlohmann::json::parse(file, nullptr, false);
  ASSERT_TRUE(clips.is_array()) << reps_path;
  ASSERT_FALSE(clips.empty());

  PoseOptions options;  // the application's defaults: tracking and smoothing on
  options.interpreter.num_threads = 2;
  for (const auto& clip : clips) {
    const std::string name = clip.at("file").get<std::string>();
    auto pipeline = PosePipeline::Create(detector, landmark, options);
    ASSERT_TRUE(pipeline) << pipeline.error().message;
    PoseRunOptions run;
    run.input = ExerciseDir() + "/" + name;
    run.exercise = clip.at("exercise").get<std::string>();
    auto summary = RunPose(**pipeline, run, options.interpreter.num_threads);
    ASSERT_TRUE(summary) << name << ": " << summary.error().message;
    ASSERT_TRUE(summary->reps.has_value());
    std::printf("%-45s %-13s expected %2d counted %2d (%lld frames, %lld with pose)\n", name.c_str(),
                run.exercise.c_str(), clip.at("reps").get<int>(), *summary->reps,
                static_cast<long long>(summary->frames), static_cast<long long>(summary->frames_with_pose));
    EXPECT_EQ(*summary->reps, clip.at("reps").get<int>()) << name;
  }
}

}  // namespace
}  // namespace edgepose::pose
