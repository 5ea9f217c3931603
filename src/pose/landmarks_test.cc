#include "pose/landmarks.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

constexpr float kPi = float(M_PI);

TEST(LandmarksTest, DecodesCropPixelsAndActivations) {
  std::vector<float> raw(195);
  for (int i = 0; i < 39; ++i) {
    raw[5 * i + 0] = 10.0f * i;
    raw[5 * i + 1] = 256.0f - i;
    raw[5 * i + 2] = -64.0f;
    raw[5 * i + 3] = 0.0f;            // sigmoid -> 0.5
    raw[5 * i + 4] = std::log(3.0f);  // sigmoid -> 0.75
  }
  auto landmarks = DecodeLandmarks(raw.data(), raw.size());
  ASSERT_TRUE(landmarks) << landmarks.error().message;
  ASSERT_EQ(landmarks->size(), 39u);
  EXPECT_FLOAT_EQ((*landmarks)[7].x, 70.0f / 256);
  EXPECT_FLOAT_EQ((*landmarks)[7].y, 249.0f / 256);
  EXPECT_FLOAT_EQ((*landmarks)[7].z, -0.25f);
  EXPECT_FLOAT_EQ((*landmarks)[7].visibility, 0.5f);
  EXPECT_NEAR((*landmarks)[7].presence, 0.75f, 1e-6);
  EXPECT_FALSE(DecodeLandmarks(raw.data(), 194));
}

class HeatmapTest : public ::testing::Test {
 protected:
  static constexpr int kSize = 64;
  static constexpr int kChannels = 4;
  void SetUp() override { heatmap_.assign(kSize * kSize * kChannels, -100.0f); }
  void Set(int row, int col, int channel, float logit) {
    heatmap_[(row * kSize + col) * kChannels + channel] = logit;
  }
  Status Refine(Landmarks* landmarks) {
    return RefineLandmarksWithHeatmap(landmarks, heatmap_.data(), heatmap_.size(), kSize, kSize,
                                      kChannels);
  }
  std::vector<float> heatmap_;
};

TEST_F(HeatmapTest, ReplacesConfidentLandmarksWithTheWeightedMeanCell) {
  // Channel 0: two certain cells (20, 30) and (20, 31), weight 1 each -> col 30.5, row 20.
  Set(20, 30, 0, 100.0f);
  Set(20, 31, 0, 100.0f);
  // Channel 1: peak 0.3 < 0.5 -> not refined.
  Set(10, 10, 1, std::log(0.3f / 0.7f));
  // Channel 2: window truncated at the left edge; landmark slightly left of the crop still
  // truncates to column 0 and is refined. Cells (5, 0) w=1 and (5, 2) w=sigmoid(0)=0.5.
  Set(5, 0, 2, 100.0f);
  Set(5, 2, 2, 0.0f);
  // Channel 3: landmark below the heatmap (row 65) is still refined from the rows <= 63 of its
  // window, as MediaPipe does.
  Set(63, 40, 3, 100.0f);
  Landmarks landmarks(4);
  landmarks[0] = {30.2f / kSize, 20.9f / kSize, 0.1f, 0.9f, 0.8f};
  landmarks[1] = {10.5f / kSize, 10.5f / kSize, 0, 0, 0};
  landmarks[2] = {-0.5f / kSize, 5.5f / kSize, 0, 0, 0};
  landmarks[3] = {40.5f / kSize, 65.5f / kSize, 0, 0, 0};
  ASSERT_TRUE(Refine(&landmarks));
  EXPECT_NEAR(landmarks[0].x, 30.5f / kSize, 1e-6);
  EXPECT_NEAR(landmarks[0].y, 20.0f / kSize, 1e-6);
  EXPECT_FLOAT_EQ(landmarks[0].z, 0.1f);  // untouched
  EXPECT_FLOAT_EQ(landmarks[0].visibility, 0.9f);
  EXPECT_FLOAT_EQ(landmarks[1].x, 10.5f / kSize);
  EXPECT_NEAR(landmarks[2].x, (0.0f * 1 + 2.0f * 0.5f) / 1.5f / kSize, 1e-6);
  EXPECT_NEAR(landmarks[2].y, 5.0f / kSize, 1e-6);
  EXPECT_NEAR(landmarks[3].x, 40.0f / kSize, 1e-6);
  EXPECT_NEAR(landmarks[3].y, 63.0f / kSize, 1e-6);
}

TEST_F(HeatmapTest, LeavesFarOutsideLandmarksAlone) {
  Set(0, 63, 0, 100.0f);
  Landmarks landmarks(4);
  landmarks[0] = {1.2f, 0.0f, 0, 0, 0};
  landmarks[1] = {0.5f, 2.0f, 0, 0, 0};
  landmarks[2] = {std::nanf(""), 0.5f, 0, 0, 0};
  landmarks[3] = {-1.0f, 0.5f, 0, 0, 0};
  ASSERT_TRUE(Refine(&landmarks));
  EXPECT_FLOAT_EQ(landmarks[0].x, 1.2f);
  EXPECT_FLOAT_EQ(landmarks[1].y, 2.0f);
  EXPECT_FLOAT_EQ(landmarks[3].x, -1.0f);
}

TEST_F(HeatmapTest, RejectsMismatchedShapes) {
  Landmarks landmarks(3);
  EXPECT_FALSE(Refine(&landmarks));
  Landmarks four(4);
  EXPECT_FALSE(RefineLandmarksWithHeatmap(&four, heatmap_.data(), heatmap_.size() - 1, kSize,
                                          kSize, kChannels));
}

TEST(LandmarksTest, LetterboxRemovalAndProjection) {
  Landmarks crop = {{0.75f, 0.5f, 0.2f, 1, 1}};
  const Landmarks unpadded = RemoveLandmarkLetterbox(crop, {0.25f, 0.0f, 0.25f, 0.0f});
  EXPECT_FLOAT_EQ(unpadded[0].x, 1.0f);  // (0.75 - 0.25) / 0.5
  EXPECT_FLOAT_EQ(unpadded[0].y, 0.5f);
  EXPECT_FLOAT_EQ(unpadded[0].z, 0.4f);

  // Rotated by 90 degrees: crop offset (+0.25, 0) becomes (0, +0.25), then scaled by the ROI.
  const NormalizedRect roi{0.5f, 0.4f, 0.5f, 0.25f, kPi / 2};
  const Landmarks image = ProjectLandmarks(crop, roi);
  EXPECT_NEAR(image[0].x, 0.5f, 1e-6);
  EXPECT_NEAR(image[0].y, 0.4f + 0.25f * 0.25f, 1e-6);
  EXPECT_NEAR(image[0].z, 0.1f, 1e-6);
  EXPECT_FLOAT_EQ(image[0].visibility, 1.0f);
}

TEST(LandmarksTest, WorldLandmarksRotateWithTheRoi) {
  std::vector<float> raw(117, 0.0f);
  raw[0] = 1.0f;
  raw[2] = 2.0f;
  Landmarks image(39);
  image[0].visibility = 0.7f;
  const NormalizedRect roi{0.5f, 0.5f, 1, 1, kPi / 2};
  auto world = DecodeWorldLandmarks(raw.data(), raw.size(), roi, image);
  ASSERT_TRUE(world);
  EXPECT_NEAR((*world)[0].x, 0.0f, 1e-6);
  EXPECT_NEAR((*world)[0].y, 1.0f, 1e-6);
  EXPECT_FLOAT_EQ((*world)[0].z, 2.0f);
  EXPECT_FLOAT_EQ((*world)[0].visibility, 0.7f);
  EXPECT_FALSE(DecodeWorldLandmarks(raw.data(), 116, roi, image));
}

}  // namespace
}  // namespace edgepose::pose
