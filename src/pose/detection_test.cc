#include "pose/detection.h"

#include <cmath>

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

float Logit(float p) { return std::log(p / (1.0f - p)); }

struct RawOutputs {
  std::vector<float> boxes;
  std::vector<float> scores;
};

// Writes a box (normalized centre/size) and keypoints for one anchor, as the model would:
// offsets from the anchor centre in 224-pixel units.
void Encode(RawOutputs& raw, const std::vector<Anchor>& anchors, size_t index, float cx, float cy,
            float w, float h, std::vector<Keypoint> keypoints, float score) {
  float* out = raw.boxes.data() + index * 12;
  const Anchor& a = anchors[index];
  out[0] = (cx - a.x_center) * 224.0f;
  out[1] = (cy - a.y_center) * 224.0f;
  out[2] = w * 224.0f;
  out[3] = h * 224.0f;
  for (size_t k = 0; k < keypoints.size(); ++k) {
    out[4 + 2 * k] = (keypoints[k].x - a.x_center) * 224.0f;
    out[5 + 2 * k] = (keypoints[k].y - a.y_center) * 224.0f;
  }
  raw.scores[index] = Logit(score);
}

class DetectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    anchors_ = *GenerateAnchors();
    raw_.boxes.assign(anchors_.size() * 12, 0.0f);
    raw_.scores.assign(anchors_.size(), -10.0f);  // sigmoid ~ 4.5e-5: below threshold
  }
  std::vector<Anchor> anchors_;
  RawOutputs raw_;
};

TEST_F(DetectionTest, DecodesBoxAndKeypointsRelativeToAnchor) {
  Encode(raw_, anchors_, 700, 0.40f, 0.55f, 0.20f, 0.30f,
         {{0.41f, 0.60f}, {0.42f, 0.30f}, {0.40f, 0.45f}, {0.39f, 0.35f}}, 0.8f);
  auto detections = DecodeDetections(raw_.boxes.data(), raw_.boxes.size(), raw_.scores.data(),
                                     raw_.scores.size(), anchors_);
  ASSERT_TRUE(detections) << detections.error().message;
  ASSERT_EQ(detections->size(), 1u);
  const Detection& d = (*detections)[0];
  EXPECT_NEAR(d.score, 0.8f, 1e-6);
  EXPECT_NEAR(d.xmin, 0.30f, 1e-5);
  EXPECT_NEAR(d.ymin, 0.40f, 1e-5);
  EXPECT_NEAR(d.width, 0.20f, 1e-5);
  EXPECT_NEAR(d.height, 0.30f, 1e-5);
  ASSERT_EQ(d.keypoints.size(), 4u);
  EXPECT_NEAR(d.keypoints[0].x, 0.41f, 1e-5);
  EXPECT_NEAR(d.keypoints[1].y, 0.30f, 1e-5);
  EXPECT_NEAR(d.keypoints[3].x, 0.39f, 1e-5);
}

TEST_F(DetectionTest, ThresholdIsInclusiveAndLogitsAreClipped) {
  raw_.scores[10] = 0.0f;    // exactly 0.5: kept (score < threshold is dropped)
  raw_.scores[11] = -1e-3f;  // just below 0.5: dropped
  raw_.scores[12] = 1e9f;    // clipped to 100 -> 1.0
  auto detections = DecodeDetections(raw_.boxes.data(), raw_.boxes.size(), raw_.scores.data(),
                                     raw_.scores.size(), anchors_);
  ASSERT_TRUE(detections);
  ASSERT_EQ(detections->size(), 2u);
  EXPECT_FLOAT_EQ((*detections)[0].score, 0.5f);
  EXPECT_FLOAT_EQ((*detections)[1].score, 1.0f);
}

TEST_F(DetectionTest, RejectsWrongTensorSizes) {
  EXPECT_FALSE(DecodeDetections(raw_.boxes.data(), raw_.boxes.size() - 1, raw_.scores.data(),
                                raw_.scores.size(), anchors_));
  EXPECT_FALSE(DecodeDetections(raw_.boxes.data(), raw_.boxes.size(), raw_.scores.data(), 5,
                                anchors_));
}

Detection Box(float xmin, float ymin, float w, float h, float score, float kx) {
  Detection d;
  d.xmin = xmin;
  d.ymin = ymin;
  d.width = w;
  d.height = h;
  d.score = score;
  d.keypoints = {{kx, kx}};
  return d;
}

TEST(NmsTest, IouClosedForm) {
  // Two unit squares shifted by half: intersection 0.5, union 1.5.
  EXPECT_NEAR(IntersectionOverUnion(Box(0, 0, 1, 1, 1, 0), Box(0.5f, 0, 1, 1, 1, 0)), 1.0f / 3,
              1e-6);
  EXPECT_EQ(IntersectionOverUnion(Box(0, 0, 1, 1, 1, 0), Box(2, 2, 1, 1, 1, 0)), 0.0f);
}

TEST(NmsTest, WeightedAverageOfOverlappingBoxes) {
  // a and b overlap with IoU 0.8/1.2 = 0.667 > 0.3; c is far away; d overlaps a by 1/3 > 0.3.
  const Detection a = Box(0.0f, 0.0f, 1.0f, 1.0f, 0.9f, 0.1f);
  const Detection b = Box(0.2f, 0.0f, 1.0f, 1.0f, 0.6f, 0.4f);
  const Detection c = Box(5.0f, 5.0f, 1.0f, 1.0f, 0.7f, 0.9f);
  const Detection d = Box(0.0f, 0.5f, 1.0f, 1.0f, 0.5f, 0.2f);
  const auto out = WeightedNonMaxSuppression({b, c, a, d});
  ASSERT_EQ(out.size(), 2u);
  // Best: a (0.9); candidates a, b, d with weights 0.9, 0.6, 0.5 (total 2.0).
  EXPECT_FLOAT_EQ(out[0].score, 0.9f);
  EXPECT_NEAR(out[0].xmin, (0.0f * 0.9f + 0.2f * 0.6f + 0.0f * 0.5f) / 2.0f, 1e-6);
  EXPECT_NEAR(out[0].ymin, (0.5f * 0.5f) / 2.0f, 1e-6);
  EXPECT_NEAR(out[0].xmin + out[0].width, (1.0f * 0.9f + 1.2f * 0.6f + 1.0f * 0.5f) / 2.0f, 1e-6);
  EXPECT_NEAR(out[0].ymin + out[0].height, (0.9f + 0.6f + 1.5f * 0.5f) / 2.0f, 1e-6);
  EXPECT_NEAR(out[0].keypoints[0].x, (0.1f * 0.9f + 0.4f * 0.6f + 0.2f * 0.5f) / 2.0f, 1e-6);
  // c survives untouched.
  EXPECT_FLOAT_EQ(out[1].score, 0.7f);
  EXPECT_FLOAT_EQ(out[1].xmin, 5.0f);
  EXPECT_FLOAT_EQ(out[1].keypoints[0].x, 0.9f);
}

TEST(NmsTest, BoxesBelowTheOverlapThresholdAreKept) {
  // IoU of these two is 0.25/1.75 = 0.143 < 0.3.
  const auto out = WeightedNonMaxSuppression(
      {Box(0, 0, 1, 1, 0.9f, 0), Box(0.5f, 0.5f, 1, 1, 0.8f, 0)});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[1].xmin, 0.5f);
}

TEST(NmsTest, NanBoxDoesNotLoopForever) {
  const float nan = std::nanf("");
  const auto out = WeightedNonMaxSuppression({Box(nan, nan, nan, nan, 0.9f, 0)});
  EXPECT_EQ(out.size(), 1u);
}

TEST(LetterboxTest, RemovesVerticalPadding) {
  // Image 2:1 (landscape) letterboxed into a square: 1/4 padding top and bottom.
  Detection d = Box(0.5f, 0.25f, 0.25f, 0.5f, 1.0f, 0.5f);
  const Detection out = RemoveLetterbox(d, {0.0f, 0.25f, 0.0f, 0.25f});
  EXPECT_FLOAT_EQ(out.xmin, 0.5f);
  EXPECT_FLOAT_EQ(out.ymin, 0.0f);
  EXPECT_FLOAT_EQ(out.width, 0.25f);
  EXPECT_FLOAT_EQ(out.height, 1.0f);
  EXPECT_FLOAT_EQ(out.keypoints[0].x, 0.5f);
  EXPECT_FLOAT_EQ(out.keypoints[0].y, 0.5f);
}

}  // namespace
}  // namespace edgepose::pose
