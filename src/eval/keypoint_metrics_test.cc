// Closed-form checks of the keypoint metrics: IoU of known rectangles, torso and box sizes of
// hand-placed skeletons, PCK counts where each point's distance is chosen on either side of
// the threshold, greedy matching, the 95th percentile of a known sample.
#include "eval/keypoint_metrics.h"

#include <cmath>

#include <gtest/gtest.h>

#include "eval/coco_annotations.h"

namespace edgepose::eval {
namespace {

GroundTruthPerson StandingPerson() {
  // Shoulders at y = 100, hips at y = 200 (torso 100 px), box 80 x 300.
  GroundTruthPerson person;
  person.box = {10, 20, 80, 300};
  for (int k = 0; k < kNumCocoKeypoints; ++k) {
    person.keypoints[k] = {50.0 + k, 50.0 + 10.0 * k};
    person.visibility[k] = 2;
  }
  person.keypoints[5] = {30, 100}, person.keypoints[6] = {70, 100};
  person.keypoints[11] = {35, 200}, person.keypoints[12] = {65, 200};
  return person;
}

TEST(KeypointMetricsTest, IouOfKnownRectangles) {
  EXPECT_DOUBLE_EQ(BoxIou({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(BoxIou({0, 0, 10, 10}, {5, 0, 10, 10}), 50.0 / 150.0);
  EXPECT_DOUBLE_EQ(BoxIou({0, 0, 10, 10}, {20, 20, 5, 5}), 0.0);
  EXPECT_DOUBLE_EQ(BoxIou({0, 0, 0, 0}, {0, 0, 0, 0}), 0.0);
}

TEST(KeypointMetricsTest, TorsoIsShoulderMidpointToHipMidpoint) {
  GroundTruthPerson person = StandingPerson();
  EXPECT_DOUBLE_EQ(*TorsoSize(person), 100.0);
  person.visibility[6] = 0;  // one shoulder left: (30,100) -> hip midpoint (50,200)
  EXPECT_DOUBLE_EQ(*TorsoSize(person), std::hypot(20.0, 100.0));
  person.visibility[5] = 0;
  EXPECT_FALSE(TorsoSize(person).has_value());
  EXPECT_DOUBLE_EQ(BoxSize(person.box), 300.0);
}

TEST(KeypointMetricsTest, PckCountsPointsCloserThanAlphaTimesSize) {
  const GroundTruthPerson person = StandingPerson();
  std::vector<Point2> predicted(person.keypoints.begin(), person.keypoints.end());
  // Threshold 0.2 x 100 = 20 px: move 5 points by 19.9 (hit) and 4 points by 20.1 (miss).
  for (int k = 0; k < 5; ++k) predicted[k].x += 19.9;
  for (int k = 5; k < 9; ++k) predicted[k].y -= 20.1;
  PckTable table(0.2);
  table.Add(person, &predicted, TorsoSize(person), "coco");
  EXPECT_EQ(table.all().total, 17);
  EXPECT_EQ(table.all().correct, 13);
  EXPECT_EQ(table.per_keypoint()[0].correct, 1);
  EXPECT_EQ(table.per_keypoint()[5].correct, 0);
  EXPECT_EQ(table.per_group().at("coco").correct, 13);
  // Box size 300 -> 60 px: every moved point is now a hit.
  PckTable by_box(0.2);
  by_box.Add(person, &predicted, BoxSize(person.box), "coco");
  EXPECT_EQ(by_box.all().correct, 17);
}

TEST(KeypointMetricsTest, UnlabelledPointsAndMissingPosesAndUnsizedPersons) {
  GroundTruthPerson person = StandingPerson();
  person.visibility[0] = 0;
  person.visibility[1] = 0;
  PckTable table(0.2);
  table.Add(person, nullptr, 100.0, "mpii");  // no pose: all 15 labelled points missed
  EXPECT_EQ(table.all().total, 15);
  EXPECT_EQ(table.all().correct, 0);
  table.Add(person, nullptr, std::nullopt, "mpii");
  EXPECT_EQ(table.persons(), 1);
  EXPECT_EQ(table.unsized_persons(), 1);
  EXPECT_DOUBLE_EQ(table.all().percent(), 0.0);
}

TEST(KeypointMetricsTest, GreedyMatchingTakesTheHighestIouFirst) {
  const std::vector<Box> truth = {{0, 0, 10, 10}, {8, 0, 10, 10}};
  // Predicted 0 overlaps truth 1 best (IoU 1) and truth 0 a little; predicted 1 only truth 0.
  const std::vector<Box> predicted = {{8, 0, 10, 10}, {1, 0, 10, 10}};
  const auto match = MatchByIou(truth, predicted, 0.1);
  ASSERT_EQ(match.size(), 2u);
  EXPECT_EQ(match[0], 1);
  EXPECT_EQ(match[1], 0);
  EXPECT_EQ(MatchByIou(truth, {{100, 100, 5, 5}}, 0.1), (std::vector<int>{-1, -1}));
}

TEST(KeypointMetricsTest, CocoPointsComeFromTheDocumentedBlazePoseIndices) {
  std::vector<Point2> landmarks(33);
  for (int i = 0; i < 33; ++i) landmarks[i] = {static_cast<double>(i), 0.0};
  const auto coco = CocoFromBlazePose(landmarks);
  ASSERT_EQ(coco.size(), 17u);
  const int expected[17] = {0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28};
  for (int k = 0; k < 17; ++k) EXPECT_EQ(coco[k].x, expected[k]) << CocoKeypointNames()[k];
  EXPECT_TRUE(CocoFromBlazePose(std::vector<Point2>(20)).empty());
}

TEST(KeypointMetricsTest, SpreadOfOneToTwenty) {
  std::vector<double> values;
  for (int i = 20; i >= 1; --i) values.push_back(i);
  const Spread s = SpreadOf(values);
  EXPECT_DOUBLE_EQ(s.mean, 10.5);
  EXPECT_NEAR(s.p95, 19.05, 1e-12);  // index 0.95 * 19 = 18.05 between 19 and 20
}

TEST(CocoAnnotationsTest, ParsesPersonsAndRejectsMalformedEntries) {
  const std::string good = R"({"images":[{"id":3,"file_name":"a.jpg","width":4,"height":5,
      "source_dataset":"coco"}],"annotations":[{"id":1,"image_id":3,"category_id":1,
      "bbox":[1,2,3,4],"keypoints":[)" + [] {
    std::string k;
    for (int i = 0; i < 17; ++i) k += std::string(i ? "," : "") + "1,2," + (i == 4 ? "0" : "2");
    return k;
  }() + "]}]}";
  auto images = ParseCocoKeypoints(good, "good.json");
  ASSERT_TRUE(images) << images.error().message;
  ASSERT_EQ(images->size(), 1u);
  ASSERT_EQ((*images)[0].persons.size(), 1u);
  EXPECT_EQ((*images)[0].dataset, "coco");
  EXPECT_EQ((*images)[0].persons[0].visibility[4], 0);
  EXPECT_DOUBLE_EQ((*images)[0].persons[0].box.h, 4.0);
  EXPECT_FALSE(ParseCocoKeypoints("[]", "x"));
  EXPECT_FALSE(ParseCocoKeypoints(R"({"images":[{"id":1,"file_name":"a"}],"annotations":[{"image_id":2}]})", "x"));
  EXPECT_FALSE(ParseCocoKeypoints(
      R"({"images":[{"id":1,"file_name":"a"}],"annotations":[{"image_id":1,"bbox":[0,0,1,1],"keypoints":[1]}]})", "x"));
}

}  // namespace
}  // namespace edgepose::eval
