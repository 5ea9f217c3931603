#include "pose/roi.h"

#include <cmath>

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

constexpr float kPi = float(M_PI);

TEST(RoiTest, NormalizeRadiansWrapsIntoHalfOpenRange) {
  EXPECT_NEAR(NormalizeRadians(0.0f), 0.0f, 1e-6);
  EXPECT_NEAR(NormalizeRadians(1.5f * kPi), -0.5f * kPi, 1e-6);
  EXPECT_NEAR(NormalizeRadians(-1.5f * kPi), 0.5f * kPi, 1e-6);
  EXPECT_NEAR(NormalizeRadians(kPi), -kPi, 1e-6);  // pi maps to -pi
  EXPECT_NEAR(NormalizeRadians(5.0f * kPi / 2), 0.5f * kPi, 1e-5);
}

TEST(RoiTest, UprightPersonHasNoRotation) {
  // Hip at (0.5, 0.6), size point straight above at (0.5, 0.4) in a 200x100 image:
  // distance 20 px, box 40 px -> width 40/200, height 40/100, then x1.25.
  const NormalizedRect roi = RoiFromKeypoints({0.5f, 0.6f}, {0.5f, 0.4f}, 200, 100);
  EXPECT_NEAR(roi.x_center, 0.5f, 1e-6);
  EXPECT_NEAR(roi.y_center, 0.6f, 1e-6);
  EXPECT_NEAR(roi.rotation, 0.0f, 1e-6);
  EXPECT_NEAR(roi.width, 40.0f / 200 * 1.25f, 1e-6);
  EXPECT_NEAR(roi.height, 40.0f / 100 * 1.25f, 1e-6);
}

TEST(RoiTest, RotationTurnsTheStartEndVectorUp) {
  // Size point to the right of the hip (person lying, head right): the crop must rotate by
  // +90 degrees so that the vector points up (90 - atan2(0, +dx) = 90 deg).
  const NormalizedRect right = RoiFromKeypoints({0.5f, 0.5f}, {0.7f, 0.5f}, 100, 100);
  EXPECT_NEAR(right.rotation, kPi / 2, 1e-6);
  // Head left: 90 - 180 = -90 degrees.
  const NormalizedRect left = RoiFromKeypoints({0.5f, 0.5f}, {0.3f, 0.5f}, 100, 100);
  EXPECT_NEAR(left.rotation, -kPi / 2, 1e-6);
  // Upside down (size point below): 90 - (-90) = 180 degrees (wrapped to -180 or kept at
  // 180 depending on the last float bit).
  const NormalizedRect down = RoiFromKeypoints({0.5f, 0.5f}, {0.5f, 0.7f}, 100, 100);
  EXPECT_NEAR(std::abs(down.rotation), kPi, 1e-5);
  // 45 degrees up-right: 90 - 45.
  const NormalizedRect diagonal = RoiFromKeypoints({0.5f, 0.5f}, {0.6f, 0.4f}, 100, 100);
  EXPECT_NEAR(diagonal.rotation, kPi / 4, 1e-6);
  EXPECT_NEAR(diagonal.width, 2 * std::sqrt(200.0f) / 100 * 1.25f, 1e-6);
}

TEST(RoiTest, SquareLongUsesTheLongerPixelSide) {
  NormalizedRect rect{0.5f, 0.5f, 0.2f, 0.5f, 0.0f};  // 40 x 50 px in a 200x100 image
  const NormalizedRect out = TransformRect(rect, 200, 100, 1.0f, 1.0f, true);
  EXPECT_NEAR(out.width * 200, 50.0f, 1e-5);
  EXPECT_NEAR(out.height * 100, 50.0f, 1e-5);
}

TEST(RoiTest, DetectionWithoutKeypointsGivesEmptyRect) {
  Detection detection;
  EXPECT_EQ(RoiFromDetection(detection, 100, 100).width, 0.0f);
}

}  // namespace
}  // namespace edgepose::pose
