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

// Two sets that disagree on which persons have a pose, built by hand: the disagreements are
// listed with their labelled keypoints and presences, the persons both give a pose but score
// differently are listed largest difference first, and the landmark distance and the PCK on
// common persons count only the persons both sets give a pose.
TEST(PoseComparisonTest, ListsPersonsThatMoveThePckAndScoresTheRestOnCommonPersons) {
  GroundTruthImage image;
  image.file_name = "crowd.jpg";
  image.dataset = "synthetic";
  for (int p = 0; p < 4; ++p) {
    GroundTruthPerson person;
    person.box = {100.0 * p, 100.0, 80.0, 200.0};
    for (int k = 0; k < kNumCocoKeypoints; ++k) {
      person.keypoints[k] = {100.0 * p + 10.0 * k, 200.0 + 5.0 * k};
      person.visibility[k] = (p == 1 && k >= 5) ? 0 : 2;  // person 1: 5 labelled keypoints
    }
    image.persons.push_back(person);
  }
  // BlazePose landmarks whose COCO subset lies on a person's keypoints, moved by (dx, 0); the
  // first `moved` COCO keypoints only when `moved` is given.
  auto landmarks_on = [&](int p, double dx, int moved = kNumCocoKeypoints) {
    std::vector<Point2> landmarks(33, Point2{dx, 0.0});
    for (int k = 0; k < kNumCocoKeypoints; ++k)
      landmarks[kBlazePoseIndexOfCoco[k]] = {image.persons[p].keypoints[k].x + (k < moved ? dx : 0.0),
                                             image.persons[p].keypoints[k].y};
    return landmarks;
  };
  ModelSetEval first, second;
  first.persons = {{{PoseSource::kDetector, landmarks_on(0, 0.0), 0.9f},
                    {PoseSource::kNone, {}, 0.3f},
                    {PoseSource::kGroundTruthBox, landmarks_on(2, 0.0), 0.6f},
                    {PoseSource::kDetector, landmarks_on(3, 0.0), 0.95f}}};
  second.persons = {{{PoseSource::kNone, {}, 0.2f},
                     {PoseSource::kGroundTruthBox, landmarks_on(1, 0.0), 0.7f},
                     {PoseSource::kDetector, landmarks_on(2, 20.0, 3), 0.99f},
                     {PoseSource::kDetector, landmarks_on(3, 20.0), 0.8f}}};

  const PoseComparison c = ComparePoses(first, second, {image});
  ASSERT_EQ(c.one_set_only.size(), 2u);
  EXPECT_EQ(c.one_set_only[0].file, "crowd.jpg");
  EXPECT_EQ(c.one_set_only[0].person, 0);
  EXPECT_TRUE(c.one_set_only[0].pose_in_first);
  EXPECT_FALSE(c.one_set_only[0].pose_in_second);
  EXPECT_EQ(c.one_set_only[0].labelled_keypoints, 17);
  EXPECT_EQ(c.one_set_only[0].torso_hits_first, 17);
  EXPECT_EQ(c.one_set_only[0].torso_hits_second, 0);
  EXPECT_FLOAT_EQ(c.one_set_only[0].presence_first, 0.9f);
  EXPECT_FLOAT_EQ(c.one_set_only[0].presence_second, 0.2f);
  EXPECT_EQ(c.one_set_only[1].person, 1);
  EXPECT_FALSE(c.one_set_only[1].pose_in_first);
  EXPECT_EQ(c.one_set_only[1].labelled_keypoints, 5);

  // The torso (shoulder to hip midpoints) is hypot(60, 30) = 67.1 px for every person, so PCK@0.2
  // allows 13.4 px. Person 2: 3 of its 17 COCO keypoints 20 px apart, 17 vs 14 hits. Person 3:
  // every landmark 20 px apart, 17 hits in the first set, none in the second. Largest first.
  ASSERT_EQ(c.hits_changed.size(), 2u);
  EXPECT_EQ(c.hits_changed[0].person, 3);
  EXPECT_EQ(c.hits_changed[0].torso_hits_first, 17);
  EXPECT_EQ(c.hits_changed[0].torso_hits_second, 0);
  EXPECT_EQ(c.hits_changed[1].person, 2);
  EXPECT_EQ(c.hits_changed[1].source_first, PoseSource::kGroundTruthBox);
  EXPECT_EQ(c.hits_changed[1].source_second, PoseSource::kDetector);
  EXPECT_EQ(c.hits_changed[1].torso_hits_first, 17);
  EXPECT_EQ(c.hits_changed[1].torso_hits_second, 14);

  // Distances over both common persons' 33 landmarks: person 3 all 33 at 20 px; person 2 its 3
  // moved COCO points and its 16 non-COCO landmarks (at (dx, 0)) at 20 px, the other 14 at 0.
  EXPECT_EQ(c.persons, 2);
  EXPECT_NEAR(c.pixels.mean, (33.0 + 19.0) * 20.0 / 66.0, 1e-12);
  EXPECT_EQ(c.torso_first_on_common.all().total, 34);
  EXPECT_EQ(c.torso_first_on_common.all().correct, 34);
  EXPECT_EQ(c.torso_second_on_common.all().correct, 14);

  const std::string text = FormatComparison(c);
  EXPECT_NE(text.find("pose in one set only: 2 persons"), std::string::npos) << text;
  EXPECT_NE(text.find("crowd.jpg person 1 (5 labelled keypoints): pose in the second set only; presence 0.300 primary, "
                      "0.700 second"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("pose in both, torso hits differ: 2 persons (primary - second: +20 keypoints)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("crowd.jpg person 2: 17 primary (ground_truth_box), 14 second (detector) of 17; presence 0.600, "
                      "0.990"),
            std::string::npos)
      << text;
  EXPECT_EQ(FormatComparison(c, 1).find("crowd.jpg person 2:"), std::string::npos) << "listed beyond max_listed";
  const nlohmann::json json = ComparisonToJson(c);
  EXPECT_EQ(json["pose_in_one_set_only"].size(), 2u);
  EXPECT_EQ(json["pose_in_one_set_only"][0]["pose_in"], "primary");
  ASSERT_EQ(json["torso_hits_changed"].size(), 2u);
  EXPECT_EQ(json["torso_hits_changed"][0]["pose_in"], "both");
  EXPECT_EQ(json["torso_hits_changed"][1]["torso_hits_second"], 14);
  EXPECT_EQ(json["torso_hits_changed"][1]["source_primary"], "ground_truth_box");
}

}  // namespace
}  // namespace edgepose::eval
