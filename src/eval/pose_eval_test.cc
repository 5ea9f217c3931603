// The evaluation on the real photos of ../shared/data/pose-eval: our float pipeline (detector +
// full landmark model, static mode) scored with the same metric code as MediaPipe Pose's own
// saved answers (mediapipe_pose_full_reference.json). The pipeline matches MediaPipe to about
// 0.01 px, so protocol "single" must give the same PCK to within a keypoint or two; protocol
// "all" must land near the figures facts.md gives for MediaPipe's float pipeline.
// Skips without the data or the models.
#include "eval/pose_eval.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace edgepose::eval {
namespace {

namespace fs = std::filesystem;

std::string PoseEvalDir() {
  const char* env = std::getenv("EDGEPOSE_SHARED_DATA");
  return (env ? std::string(env) : std::string(EDGEPOSE_SOURCE_DIR) + "/../shared/data") + "/pose-eval";
}

void Print(const ModelSetEval& eval) { std::fputs(FormatEval(eval).c_str(), stdout); }

TEST(PoseEvalTest, FloatPipelineScoresLikeMediaPipeItself) {
  // Sanitized builds (scripts/test.sh's second pass) skip this whole-pipeline run: the Release pass
  // covers it, and its code paths are exercised under sanitizers by the unit tests.
  if (std::getenv("EDGEPOSE_SANITIZER_BUILD")) GTEST_SKIP() << "skipped under sanitizers: whole-pipeline run";
  const std::string dir = PoseEvalDir();
  const std::string detector = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_detection.tflite";
  const std::string landmark = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_landmark_full.tflite";
  if (!fs::exists(dir + "/annotations.json")) GTEST_SKIP() << "no pose-eval data at " << dir;
  if (!fs::exists(detector) || !fs::exists(landmark)) GTEST_SKIP() << "models absent (scripts/fetch_models.sh)";
  auto images = LoadCocoKeypoints(dir + "/annotations.json");
  ASSERT_TRUE(images) << images.error().message;
  ASSERT_EQ(images->size(), 23u);

  PoseEvalOptions options;
  auto mediapipe = EvaluatePredictions(dir + "/mediapipe_pose_full_reference.json", *images, options);
  ASSERT_TRUE(mediapipe) << mediapipe.error().message;
  Print(*mediapipe);

  pose::PoseOptions pose_options;
  pose_options.static_image_mode = true;
  pose_options.smooth_landmarks = false;
  pose_options.interpreter.num_threads = 2;
  auto pipeline = pose::PosePipeline::Create(detector, landmark, pose_options);
  ASSERT_TRUE(pipeline) << pipeline.error().message;
  auto ours = EvaluatePipeline(**pipeline, *images, dir, options, "edgepose float full");
  ASSERT_TRUE(ours) << ours.error().message;
  Print(*ours);

  EXPECT_EQ(ours->annotated_persons, 44);
  EXPECT_EQ(ours->single_images_with_pose, mediapipe->single_images_with_pose);
  EXPECT_EQ(ours->single_matched_persons, mediapipe->single_matched_persons);
  EXPECT_NEAR(ours->single_torso.all().percent(), mediapipe->single_torso.all().percent(), 1.0);
  EXPECT_NEAR(ours->single_box.all().percent(), mediapipe->single_box.all().percent(), 1.0);
  // Protocol "all" gives every person a pose or counts it missed; it can only add persons.
  EXPECT_GE(ours->all_torso.all().total, ours->single_torso.all().total);
  EXPECT_EQ(ours->detected_persons + ours->ground_truth_box_persons + ours->persons_without_pose, 44);

  // facts.md: MediaPipe's float full pipeline on these photos, every annotated person (a person
  // the detector misses is run from its ground-truth box): torso PCK@0.2 66.9 %, box 82.9 %.
  EXPECT_NEAR(ours->all_torso.all().percent(), 66.9, 3.0);
  EXPECT_NEAR(ours->all_box.all().percent(), 82.9, 3.0);

  const PoseComparison self = ComparePoses(*ours, *ours, *images);
  EXPECT_EQ(self.pixels.mean, 0.0);
  EXPECT_EQ(self.persons, 44 - ours->persons_without_pose);
}

}  // namespace
}  // namespace edgepose::eval
