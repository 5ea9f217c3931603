// Keypoint accuracy metrics against COCO-style ground truth (pure functions, no models):
// the BlazePose-33 -> COCO-17 keypoint map, box IoU and one-to-one matching, and PCK.
//
// PCK@alpha: a labelled ground-truth keypoint (v > 0) counts as correct when the predicted point
// lies closer than alpha x size, for two sizes of the person:
//   torso: the distance from the midpoint of the labelled shoulders to the midpoint of the
//          labelled hips (at least one of each; persons without are left out of torso PCK);
//   box:   the long side of the ground-truth box, max(w, h).
// A person with no predicted pose counts every labelled keypoint as missed.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgepose::eval {

inline constexpr int kNumCocoKeypoints = 17;

// MediaPipe's pose landmark indices of the COCO keypoints, in COCO order: nose 0, left/right eye
// 2/5, left/right ear 7/8, shoulders 11/12, elbows 13/14, wrists 15/16, hips 23/24, knees 25/26,
// ankles 27/28 (mediapipe/python/solutions/pose.py PoseLandmark; both use the person's left).
inline constexpr std::array<int, kNumCocoKeypoints> kBlazePoseIndexOfCoco = {
    0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28};
const std::array<const char*, kNumCocoKeypoints>& CocoKeypointNames();

struct Point2 {
  double x = 0.0;
  double y = 0.0;
};

struct Box {  // pixels, top-left origin
  double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
};

struct GroundTruthPerson {
  Box box;
  std::array<Point2, kNumCocoKeypoints> keypoints{};
  std::array<int, kNumCocoKeypoints> visibility{};  // 0 unlabelled, 1 occluded, 2 labelled
};

double BoxIou(const Box& a, const Box& b);
Box BoundingBox(const std::vector<Point2>& points);  // empty list: zero box
std::optional<double> TorsoSize(const GroundTruthPerson& person);
double BoxSize(const Box& box);  // max(w, h)

// One-to-one greedy matching, highest IoU first; pairs below min_iou stay unmatched.
// Returns, for each ground-truth box, the index of its predicted box or -1.
std::vector<int> MatchByIou(const std::vector<Box>& ground_truth, const std::vector<Box>& predicted,
                            double min_iou);

// The 17 COCO points of a BlazePose-33 prediction (pixels); empty when fewer than 29 points.
std::vector<Point2> CocoFromBlazePose(const std::vector<Point2>& landmarks);

struct PckCount {
  int64_t correct = 0;
  int64_t total = 0;
  double percent() const { return total > 0 ? 100.0 * static_cast<double>(correct) / total : 0.0; }
};

// PCK over persons, split by keypoint and by a group label (the source dataset).
class PckTable {
 public:
  explicit PckTable(double alpha = 0.2) : alpha_(alpha) {}
  // `predicted` are 17 COCO points in pixels, or nullptr when the person got no pose; `size`
  // the normalizing length (nullopt: the person is skipped and counted as unsized).
  void Add(const GroundTruthPerson& person, const std::vector<Point2>* predicted,
           std::optional<double> size, const std::string& group);

  const PckCount& all() const { return all_; }
  const std::array<PckCount, kNumCocoKeypoints>& per_keypoint() const { return per_keypoint_; }
  const std::map<std::string, PckCount>& per_group() const { return per_group_; }
  int64_t persons() const { return persons_; }
  int64_t unsized_persons() const { return unsized_; }
  double alpha() const { return alpha_; }

 private:
  double alpha_;
  PckCount all_;
  std::array<PckCount, kNumCocoKeypoints> per_keypoint_{};
  std::map<std::string, PckCount> per_group_;
  int64_t persons_ = 0;
  int64_t unsized_ = 0;
};

// Mean and 95th percentile (linear interpolation between order statistics) of a sample.
struct Spread {
  int64_t count = 0;
  double mean = 0.0;
  double p95 = 0.0;
};
Spread SpreadOf(std::vector<double> values);

}  // namespace edgepose::eval
