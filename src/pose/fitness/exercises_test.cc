#include "pose/fitness/exercises.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

// `reps` smooth cycles rest -> peak -> rest, `frames_per_rep` samples each.
std::vector<float> Cycles(float rest, float peak, int reps, int frames_per_rep) {
  std::vector<float> angles;
  for (int r = 0; r < reps; ++r) {
    for (int i = 0; i < frames_per_rep; ++i) {
      const double phase = 2 * M_PI * i / frames_per_rep;
      angles.push_back(rest + (peak - rest) * 0.5f * (1.0f - std::cos(phase)));
    }
  }
  angles.push_back(rest);
  return angles;
}

TEST(JointAngleTest, ClosedForms) {
  EXPECT_NEAR(JointAngleDegrees({1, 0}, {0, 0}, {0, 1}), 90.0f, 1e-4);
  EXPECT_NEAR(JointAngleDegrees({1, 0}, {0, 0}, {-1, 0}), 180.0f, 1e-4);
  EXPECT_NEAR(JointAngleDegrees({1, 0}, {0, 0}, {1, 1}), 45.0f, 1e-4);
  EXPECT_TRUE(std::isnan(JointAngleDegrees({0, 0}, {0, 0}, {1, 1})));
}

TEST(JointAngleTest, ThreeDimensionalClosedForms) {
  EXPECT_NEAR(JointAngleDegrees3D({1, 0, 0}, {0, 0, 0}, {0, 0, 1}), 90.0f, 1e-4);
  EXPECT_NEAR(JointAngleDegrees3D({1, 1, 0}, {0, 0, 0}, {0, 1, 1}), 60.0f, 1e-4);
  EXPECT_TRUE(std::isnan(JointAngleDegrees3D({1, 1, 1}, {1, 1, 1}, {0, 0, 0})));
}

// A squat seen from the front: the thigh points at the camera, so in the image the knee angle
// barely changes (hip straight above the knee), while the world landmarks bend it to 90 degrees.
TEST(RepCounterTest, WorldLandmarksCountAFrontViewSquat) {
  auto frame = [](float knee_degrees, Landmarks* image, Landmarks* world) {
    image->assign(33, Landmark{0, 0, 0, 0.9f, 0.9f});
    world->assign(33, Landmark{0, 0, 0, 0.9f, 0.9f});
    const float bend = (180.0f - knee_degrees) * float(M_PI) / 180.0f;
    for (int side = 0; side < 2; ++side) {
      const float x = side == 0 ? 0.1f : -0.1f;
      const int hip = 23 + side, knee = 25 + side, ankle = 27 + side;
      (*world)[ankle] = {x, 0.9f, 0, 0.9f, 0.9f};
      (*world)[knee] = {x, 0.5f, 0, 0.9f, 0.9f};
      // Thigh of length 0.4 rotated towards the camera (-z) by the bend.
      (*world)[hip] = {x, 0.5f - 0.4f * std::cos(bend), -0.4f * std::sin(bend), 0.9f, 0.9f};
      // The image drops z: only the vertical thigh shortening shows, the angle stays 180.
      for (int i : {hip, knee, ankle}) {
        (*image)[i] = {300 + 1000 * (*world)[i].x, 300 + 1000 * (*world)[i].y, 0, 0.9f, 0.9f};
      }
    }
  };
  RepCounter with_world(*FindExercise("squat"));
  RepCounter image_only(*FindExercise("squat"));
  Landmarks image, world;
  // Down to 95 degrees: the hip stays above the knee in the image (bend < 90).
  for (float angle : Cycles(170.0f, 95.0f, 3, 40)) {
    frame(angle, &image, &world);
    with_world.Apply(image, world);
    image_only.Apply(image);
  }
  EXPECT_EQ(with_world.count(), 3);
  EXPECT_EQ(image_only.count(), 0);
}

TEST(ExercisesTest, TableHasTheSixExercises) {
  for (const char* name :
       {"bicep_curl", "squat", "pushup", "overhead_press", "lateral_raise", "jumping_jack"}) {
    EXPECT_NE(FindExercise(name), nullptr) << name;
  }
  EXPECT_EQ(FindExercise("burpee"), nullptr);
}

TEST(RepCounterTest, CountsFullSquatCycles) {
  const ExerciseRow& squat = *FindExercise("squat");
  RepCounter counter(squat);
  for (float angle : Cycles(175.0f, 80.0f, 5, 40)) counter.ApplyAngles(angle, angle);
  EXPECT_EQ(counter.count(), 5);
}

TEST(RepCounterTest, PartialRepetitionsDoNotCount) {
  RepCounter counter(*FindExercise("squat"));
  // Only half-way down (progress ~ 0.5): never reaches 80 %.
  for (float angle : Cycles(170.0f, 132.0f, 4, 30)) counter.ApplyAngles(angle, angle);
  EXPECT_EQ(counter.count(), 0);
  // Going down fully but never standing back up: armed, not counted.
  for (int i = 0; i < 20; ++i) counter.ApplyAngles(90.0f, 90.0f);
  EXPECT_EQ(counter.count(), 0);
  for (int i = 0; i < 5; ++i) counter.ApplyAngles(170.0f, 170.0f);
  EXPECT_EQ(counter.count(), 1);
}

TEST(RepCounterTest, NoiseAroundAThresholdDoesNotCount) {
  RepCounter counter(*FindExercise("squat"));
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 4.0f);
  // Hovering at the upper threshold (80 % progress = 107 degrees) with noise: it enters and
  // leaves the peak zone many times, but without returning to rest nothing counts.
  for (int i = 0; i < 500; ++i) {
    const float angle = 107.0f + noise(rng);
    counter.ApplyAngles(angle, angle);
  }
  EXPECT_EQ(counter.count(), 0);
  // Standing up completes that one deep squat.
  for (int i = 0; i < 5; ++i) counter.ApplyAngles(172.0f, 172.0f);
  EXPECT_EQ(counter.count(), 1);
  // Hovering around the lower threshold (20 % = 143 degrees) never arms a repetition.
  for (int i = 0; i < 500; ++i) {
    const float angle = 143.0f + noise(rng);
    counter.ApplyAngles(angle, angle);
  }
  EXPECT_EQ(counter.count(), 1);
  // Noisy full repetitions still count exactly.
  for (float angle : Cycles(172.0f, 85.0f, 6, 50)) {
    counter.ApplyAngles(angle + noise(rng), angle + noise(rng));
  }
  EXPECT_EQ(counter.count(), 7);
}

TEST(RepCounterTest, DropoutsKeepTheState) {
  RepCounter counter(*FindExercise("pushup"));
  const auto angles = Cycles(170.0f, 85.0f, 3, 40);
  for (size_t i = 0; i < angles.size(); ++i) {
    // Drop 8 frames around every bottom position (frames 16..23 of each rep).
    const bool dropped = (i % 40) >= 16 && (i % 40) < 24;
    if (dropped) {
      counter.ApplyAngles(std::nullopt, std::nullopt);
    } else {
      counter.ApplyAngles(angles[i], std::nullopt);  // side view: one arm only
    }
  }
  EXPECT_EQ(counter.count(), 3);
}

TEST(RepCounterTest, CurlCountsEachArmAndReportsTheMax) {
  RepCounter counter(*FindExercise("bicep_curl"));
  // Alternating: left curls 4 times, right 3 times.
  const auto left = Cycles(160.0f, 45.0f, 4, 30);
  const auto right = Cycles(160.0f, 45.0f, 3, 40);
  for (size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
    counter.ApplyAngles(i < left.size() ? left[i] : 160.0f, i < right.size() ? right[i] : 160.0f);
  }
  EXPECT_EQ(counter.side_count(0), 4);
  EXPECT_EQ(counter.side_count(1), 3);
  EXPECT_EQ(counter.count(), 4);
}

TEST(RepCounterTest, VisibilityGateIgnoresHiddenJoints) {
  RepCounter counter(*FindExercise("lateral_raise"));
  // Left arm: hip (23) below the shoulder (11); elbow (13) swings from down to horizontal.
  auto frame = [](float arm_degrees, float visibility) {
    Landmarks lm(33);
    for (auto& l : lm) l.visibility = visibility;
    lm[11] = {100, 100, 0, visibility, 1};
    lm[23] = {100, 200, 0, visibility, 1};
    const float rad = arm_degrees * float(M_PI) / 180.0f;
    lm[13] = {100 + 50 * std::sin(rad), 100 + 50 * std::cos(rad), 0, visibility, 1};
    return lm;
  };
  for (float angle : Cycles(10.0f, 90.0f, 2, 30)) counter.Apply(frame(angle, 0.9f));
  EXPECT_EQ(counter.side_count(0), 2);
  // The same motion with the joints hidden does not count.
  for (float angle : Cycles(10.0f, 90.0f, 2, 30)) counter.Apply(frame(angle, 0.2f));
  EXPECT_EQ(counter.side_count(0), 2);
  EXPECT_EQ(counter.side_count(1), 0);  // right arm never visible (zero-length segments)
}

}  // namespace
}  // namespace edgepose::pose
