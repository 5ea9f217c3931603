#include "pose/filters/landmarks_smoother.h"

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

TEST(VisibilitySmootherTest, LowPassWithAlphaPointOne) {
  VisibilitySmoother smoother;
  Landmarks in(2);
  in[0].visibility = 1.0f;
  in[1].visibility = 0.0f;
  auto out = smoother.Apply(in);
  EXPECT_FLOAT_EQ(out[0].visibility, 1.0f);
  in[0].visibility = 0.0f;
  in[1].visibility = 1.0f;
  out = smoother.Apply(in);
  EXPECT_FLOAT_EQ(out[0].visibility, 0.9f);
  EXPECT_FLOAT_EQ(out[1].visibility, 0.1f);
}

TEST(LandmarksSmootherTest, StaticLandmarksStayPutAndMovingOnesLag) {
  LandmarksSmoother smoother;
  Landmarks in = {{0.25f, 0.5f, 0.0f, 1, 1}, {0.75f, 0.5f, 0.1f, 1, 1}};
  for (int i = 1; i <= 5; ++i) {
    const auto out = smoother.Apply(in, 640, 480, i * 33333, 200.0f);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_NEAR(out[0].x, 0.25f, 1e-6);
    EXPECT_NEAR(out[1].z, 0.1f, 1e-6);
  }
  // A jump of 64 px: the filtered value lies strictly between old and new.
  in[0].x = 0.35f;
  const auto out = smoother.Apply(in, 640, 480, 6 * 33333, 200.0f);
  EXPECT_GT(out[0].x, 0.25f);
  EXPECT_LT(out[0].x, 0.35f);
}

TEST(LandmarksSmootherTest, EmptyInputResetsTheFilters) {
  LandmarksSmoother smoother;
  Landmarks a = {{0.25f, 0.5f, 0.0f, 1, 1}};
  smoother.Apply(a, 100, 100, 33333, 50.0f);
  EXPECT_TRUE(smoother.Apply({}, 100, 100, 66666, 50.0f).empty());
  Landmarks b = {{0.9f, 0.1f, 0.0f, 1, 1}};
  const auto out = smoother.Apply(b, 100, 100, 99999, 50.0f);
  EXPECT_FLOAT_EQ(out[0].x, 0.9f);  // first sample after a reset passes through
}

TEST(LandmarksSmootherTest, TinyObjectIsNotSmoothed) {
  LandmarksSmoother smoother;
  Landmarks a = {{0.25f, 0.5f, 0.0f, 1, 1}};
  smoother.Apply(a, 100, 100, 33333, 0.0f);
  a[0].x = 0.5f;
  EXPECT_FLOAT_EQ(smoother.Apply(a, 100, 100, 66666, 0.0f)[0].x, 0.5f);
}

TEST(LandmarksSmootherTest, ObjectScaleIsTheMeanPixelSide) {
  EXPECT_FLOAT_EQ(ObjectScale({0.5f, 0.5f, 0.5f, 0.25f, 0.0f}, 640, 480), (320.0f + 120.0f) / 2);
}

}  // namespace
}  // namespace edgepose::pose
