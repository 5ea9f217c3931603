#include "pose/fitness/exercises.h"

#include <algorithm>
#include <cmath>

namespace edgepose::pose {
namespace {

// BlazePose-33 indices.
constexpr int kLeftShoulder = 11, kRightShoulder = 12, kLeftElbow = 13, kRightElbow = 14;
constexpr int kLeftWrist = 15, kRightWrist = 16, kLeftHip = 23, kRightHip = 24;
constexpr int kLeftKnee = 25, kRightKnee = 26, kLeftAnkle = 27, kRightAnkle = 28;

constexpr LandmarkTriple kLeftElbowAngle{kLeftShoulder, kLeftElbow, kLeftWrist};
constexpr LandmarkTriple kRightElbowAngle{kRightShoulder, kRightElbow, kRightWrist};
constexpr LandmarkTriple kLeftKneeAngle{kLeftHip, kLeftKnee, kLeftAnkle};
constexpr LandmarkTriple kRightKneeAngle{kRightHip, kRightKnee, kRightAnkle};
// Arm elevation: angle between the torso (shoulder -> hip) and the upper arm.
constexpr LandmarkTriple kLeftArmRaise{kLeftHip, kLeftShoulder, kLeftElbow};
constexpr LandmarkTriple kRightArmRaise{kRightHip, kRightShoulder, kRightElbow};

}  // namespace

const std::vector<ExerciseRow>& Exercises() {
  // name, left, right, rest, peak, sides. Angles are 3-D, from the world landmarks, so one row
  // serves every camera view (a front view foreshortens a squatting thigh to a 2-D knee angle of
  // ~145 degrees at the bottom of a parallel squat; in 3-D it is ~85). A repetition must pass
  // 80 % of the way from rest to peak and come back within 20 % of rest. The values are the
  // anatomical range with a margin on both sides, checked on the clips of data/exercise
  // (3-D angles there: curl 150 -> 65, squat 155 -> 85, push-up 160 -> 90, raise 30 -> 120,
  // jumping-jack arms 25 -> 135).
  static const std::vector<ExerciseRow> kTable = {
      // Elbow straight (~150 in 3-D) with the arm hanging, ~65 at the top of the curl.
      {"bicep_curl", kLeftElbowAngle, kRightElbowAngle, 150.0f, 70.0f, SideRule::kEachSide},
      // Knees straight standing, ~90 at parallel.
      {"squat", kLeftKneeAngle, kRightKneeAngle, 155.0f, 95.0f, SideRule::kBothSides},
      // Arms locked at the top, elbows ~90 at the bottom (side view: one side often hidden).
      {"pushup", kLeftElbowAngle, kRightElbowAngle, 155.0f, 100.0f, SideRule::kBothSides},
      // Upper arm from the rack (elbows below the shoulders) to overhead.
      {"overhead_press", kLeftArmRaise, kRightArmRaise, 60.0f, 155.0f, SideRule::kBothSides},
      // Arms from the sides (~30) to shoulder height (90) or above.
      {"lateral_raise", kLeftArmRaise, kRightArmRaise, 30.0f, 100.0f, SideRule::kEachSide},
      // Arms from the sides to above the head.
      {"jumping_jack", kLeftArmRaise, kRightArmRaise, 30.0f, 135.0f, SideRule::kBothSides},
  };
  return kTable;
}

const ExerciseRow* FindExercise(std::string_view name) {
  for (const ExerciseRow& row : Exercises()) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

float JointAngleDegrees(const Landmark& a, const Landmark& b, const Landmark& c) {
  const double ux = a.x - b.x, uy = a.y - b.y;
  const double vx = c.x - b.x, vy = c.y - b.y;
  const double nu = std::hypot(ux, uy), nv = std::hypot(vx, vy);
  if (nu == 0.0 || nv == 0.0) return std::nanf("");
  const double cosine = std::clamp((ux * vx + uy * vy) / (nu * nv), -1.0, 1.0);
  return static_cast<float>(std::acos(cosine) * 180.0 / M_PI);
}

float JointAngleDegrees3D(const Landmark& a, const Landmark& b, const Landmark& c) {
  const double u[3] = {a.x - b.x, a.y - b.y, a.z - b.z};
  const double v[3] = {c.x - b.x, c.y - b.y, c.z - b.z};
  const double nu = std::sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const double nv = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (nu == 0.0 || nv == 0.0) return std::nanf("");
  const double cosine = std::clamp((u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (nu * nv), -1.0, 1.0);
  return static_cast<float>(std::acos(cosine) * 180.0 / M_PI);
}

void CycleCounter::Apply(float progress) {
  if (!at_peak_ && progress >= options_.enter_peak) {
    at_peak_ = true;
  } else if (at_peak_ && progress <= options_.exit_peak) {
    at_peak_ = false;
    ++count_;
  }
}

RepCounter::RepCounter(const ExerciseRow& exercise, const RepCounterOptions& options)
    : exercise_(exercise),
      options_(options),
      sides_{CycleCounter(options), CycleCounter(options)},
      both_(options) {}

void RepCounter::Reset() {
  for (CycleCounter& side : sides_) side.Reset();
  both_.Reset();
  progress_ = 0.0f;
}

int RepCounter::count() const {
  if (exercise_.sides == SideRule::kBothSides) return both_.count();
  return std::max(sides_[0].count(), sides_[1].count());
}

float RepCounter::Progress(float degrees) const {
  const float p = (degrees - exercise_.rest_degrees) /
                  (exercise_.peak_degrees - exercise_.rest_degrees);
  return std::clamp(p, 0.0f, 1.0f);
}

void RepCounter::ApplyAngles(std::optional<float> left_degrees,
                             std::optional<float> right_degrees) {
  std::array<std::optional<float>, 2> progress;
  if (left_degrees && std::isfinite(*left_degrees)) progress[0] = Progress(*left_degrees);
  if (right_degrees && std::isfinite(*right_degrees)) progress[1] = Progress(*right_degrees);
  if (exercise_.sides == SideRule::kEachSide) {
    for (int side = 0; side < 2; ++side) {
      if (progress[side]) sides_[side].Apply(*progress[side]);
    }
    if (progress[0] || progress[1]) {
      progress_ = std::max(progress[0].value_or(0.0f), progress[1].value_or(0.0f));
    }
    return;
  }
  if (!progress[0] && !progress[1]) return;  // nothing visible: keep the state
  const float mean = progress[0] && progress[1] ? (*progress[0] + *progress[1]) / 2.0f
                                                 : progress[0].value_or(progress[1].value_or(0));
  progress_ = mean;
  both_.Apply(mean);
}

void RepCounter::Apply(const Landmarks& landmarks_px, const Landmarks& world) {
  auto side_angle = [&](const LandmarkTriple& t) -> std::optional<float> {
    const int needed = std::max({t.a, t.b, t.c});
    if (needed >= static_cast<int>(landmarks_px.size())) return std::nullopt;
    const Landmark& a = landmarks_px[t.a];
    const Landmark& b = landmarks_px[t.b];
    const Landmark& c = landmarks_px[t.c];
    if (std::min({a.visibility, b.visibility, c.visibility}) < options_.min_visibility) {
      return std::nullopt;
    }
    if (needed < static_cast<int>(world.size())) {
      return JointAngleDegrees3D(world[t.a], world[t.b], world[t.c]);
    }
    return JointAngleDegrees(a, b, c);
  };
  ApplyAngles(side_angle(exercise_.left), side_angle(exercise_.right));
}

}  // namespace edgepose::pose
