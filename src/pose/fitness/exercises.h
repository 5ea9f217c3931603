// Repetition counting for fitness exercises. Each exercise is one row of a table: the joint
// angle it tracks (a landmark triple per body side, BlazePose-33 indices, angle at the middle
// joint), the angle at rest and at the peak of a repetition, and how the two sides combine.
//
// Angles are measured in 3-D on the world landmarks when they are given (view independent),
// else in 2-D on the image landmarks; the visibility gate always uses the image landmarks.
//
// Counting: the angle becomes a range-of-motion progress, 0 % at the rest angle and 100 % at
// the peak angle (clamped). A side enters "peak" once progress reaches enter_peak (80 %) and a
// repetition is counted when it then falls back to exit_peak (20 %): the hysteresis means only
// full cycles count and jitter around one threshold never does. Frames where any of the three
// joints has visibility below the gate are ignored (the state is kept, so a short dropout in
// the middle of a repetition does not lose it).
//
// Sides: kEachSide exercises (curl, lateral raise) run one counter per arm and report
// max(left, right) as the count: it is right for simultaneous arms and for one-arm sets; for
// alternating sets, the per-side counts are reported too. kBothSides exercises (squat, push-up,
// press, jumping jack) move both sides together, so they average the visible sides' progress
// into one counter (robust when one side is occluded, as in a side view).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "pose/types.h"

namespace edgepose::pose {

enum class SideRule { kEachSide, kBothSides };

struct LandmarkTriple {
  int a, b, c;  // angle a-b-c measured at b
};

struct ExerciseRow {
  std::string_view name;
  LandmarkTriple left;
  LandmarkTriple right;
  float rest_degrees;
  float peak_degrees;
  SideRule sides;
};

// The table (see exercises.cc for the rows and why each angle was chosen).
const std::vector<ExerciseRow>& Exercises();
const ExerciseRow* FindExercise(std::string_view name);

// Angle a-b-c in degrees [0, 180] from the 2-D positions (use pixels, so the image aspect
// ratio does not distort angles). NaN when a segment has zero length.
float JointAngleDegrees(const Landmark& a, const Landmark& b, const Landmark& c);
// The same in 3-D (x, y, z), for world landmarks.
float JointAngleDegrees3D(const Landmark& a, const Landmark& b, const Landmark& c);

struct RepCounterOptions {
  float enter_peak = 0.8f;  // progress that arms a repetition
  float exit_peak = 0.2f;   // progress that completes it
  float min_visibility = 0.5f;
};

// Hysteresis on a progress signal in [0, 1]: counts rest -> peak -> rest cycles.
class CycleCounter {
 public:
  explicit CycleCounter(const RepCounterOptions& options = {}) : options_(options) {}
  void Apply(float progress);
  void Reset() { at_peak_ = false, count_ = 0; }
  int count() const { return count_; }
  bool at_peak() const { return at_peak_; }

 private:
  RepCounterOptions options_;
  bool at_peak_ = false;
  int count_ = 0;
};

class RepCounter {
 public:
  explicit RepCounter(const ExerciseRow& exercise, const RepCounterOptions& options = {});

  // Landmarks in pixels (33 or more) and, optionally, the world landmarks (metres, 33): both
  // sides' angles (3-D from `world` when given), after the visibility gate.
  void Apply(const Landmarks& landmarks_px, const Landmarks& world = {});
  // Same from angles directly; nullopt = side not visible this frame.
  void ApplyAngles(std::optional<float> left_degrees, std::optional<float> right_degrees);
  void Reset();

  int count() const;
  int side_count(int side) const { return sides_[side].count(); }  // 0 left, 1 right
  float progress() const { return progress_; }                    // last progress, [0, 1]
  const ExerciseRow& exercise() const { return exercise_; }

 private:
  float Progress(float degrees) const;

  ExerciseRow exercise_;
  RepCounterOptions options_;
  std::array<CycleCounter, 2> sides_;
  CycleCounter both_;
  float progress_ = 0.0f;
};

}  // namespace edgepose::pose
