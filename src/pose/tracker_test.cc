#include "pose/tracker.h"

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

Landmarks WithAux(float cx, float cy, float sx, float sy) {
  Landmarks landmarks(39);
  landmarks[33] = {cx, cy, 0, 1, 1};
  landmarks[34] = {sx, sy, 0, 1, 1};
  return landmarks;
}

TEST(PoseTrackerTest, DetectsUntilAPoseIsPresentThenTracks) {
  PoseTracker tracker;
  EXPECT_TRUE(tracker.NeedsDetection());
  tracker.CountDetectorRun();
  tracker.Apply(0.9f, WithAux(0.5f, 0.6f, 0.5f, 0.4f), 200, 100);
  ASSERT_FALSE(tracker.NeedsDetection());
  // ROI from landmarks 33/34: 20 px apart -> 40 px box x 1.25, upright.
  const NormalizedRect& roi = *tracker.tracked_roi();
  EXPECT_NEAR(roi.x_center, 0.5f, 1e-6);
  EXPECT_NEAR(roi.y_center, 0.6f, 1e-6);
  EXPECT_NEAR(roi.width * 200, 50.0f, 1e-4);
  EXPECT_NEAR(roi.height * 100, 50.0f, 1e-4);
  EXPECT_NEAR(roi.rotation, 0.0f, 1e-6);
  EXPECT_EQ(tracker.detector_runs(), 1);
}

TEST(PoseTrackerTest, LosesTrackAtOrBelowThePresenceThreshold) {
  PoseTracker tracker;
  tracker.Apply(0.9f, WithAux(0.5f, 0.6f, 0.5f, 0.4f), 100, 100);
  EXPECT_FALSE(tracker.NeedsDetection());
  tracker.Apply(0.5f, WithAux(0.5f, 0.6f, 0.5f, 0.4f), 100, 100);  // not > 0.5
  EXPECT_TRUE(tracker.NeedsDetection());
}

TEST(PoseTrackerTest, StaticModeAlwaysDetects) {
  TrackerOptions options;
  options.static_image_mode = true;
  PoseTracker tracker(options);
  tracker.Apply(0.99f, WithAux(0.5f, 0.6f, 0.5f, 0.4f), 100, 100);
  EXPECT_TRUE(tracker.NeedsDetection());
}

TEST(PoseTrackerTest, TooFewLandmarksLosesTrack) {
  PoseTracker tracker;
  tracker.Apply(0.99f, Landmarks(33), 100, 100);
  EXPECT_TRUE(tracker.NeedsDetection());
}

}  // namespace
}  // namespace edgepose::pose
