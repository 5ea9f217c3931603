#include "eval/keypoint_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace edgepose::eval {

const std::array<const char*, kNumCocoKeypoints>& CocoKeypointNames() {
  static const std::array<const char*, kNumCocoKeypoints> kNames = {
      "nose",           "left_eye",      "right_eye",  "left_ear",    "right_ear",
      "left_shoulder",  "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
      "right_wrist",    "left_hip",      "right_hip",  "left_knee",   "right_knee",
      "left_ankle",     "right_ankle"};
  return kNames;
}

double BoxIou(const Box& a, const Box& b) {
  const double iw = std::max(0.0, std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x));
  const double ih = std::max(0.0, std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y));
  const double inter = iw * ih;
  const double uni = a.w * a.h + b.w * b.h - inter;
  return uni > 0.0 ? inter / uni : 0.0;
}

Box BoundingBox(const std::vector<Point2>& points) {
  if (points.empty()) return {};
  double x0 = points[0].x, x1 = x0, y0 = points[0].y, y1 = y0;
  for (const Point2& p : points) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

std::optional<double> TorsoSize(const GroundTruthPerson& person) {
  auto midpoint = [&](int a, int b) -> std::optional<Point2> {
    const bool va = person.visibility[a] > 0, vb = person.visibility[b] > 0;
    if (va && vb) {
      return Point2{(person.keypoints[a].x + person.keypoints[b].x) / 2,
                    (person.keypoints[a].y + person.keypoints[b].y) / 2};
    }
    if (va) return person.keypoints[a];
    if (vb) return person.keypoints[b];
    return std::nullopt;
  };
  const auto shoulders = midpoint(5, 6);
  const auto hips = midpoint(11, 12);
  if (!shoulders || !hips) return std::nullopt;
  const double size = std::hypot(shoulders->x - hips->x, shoulders->y - hips->y);
  if (!(size > 0.0)) return std::nullopt;
  return size;
}

double BoxSize(const Box& box) { return std::max(box.w, box.h); }

std::vector<int> MatchByIou(const std::vector<Box>& ground_truth, const std::vector<Box>& predicted,
                            double min_iou) {
  std::vector<std::tuple<double, int, int>> pairs;  // (iou, gt, predicted)
  for (size_t g = 0; g < ground_truth.size(); ++g) {
    for (size_t p = 0; p < predicted.size(); ++p) {
      const double iou = BoxIou(ground_truth[g], predicted[p]);
      if (iou >= min_iou && iou > 0.0) pairs.emplace_back(iou, static_cast<int>(g), static_cast<int>(p));
    }
  }
  // Highest IoU first; ties by index so the result does not depend on the sort's stability.
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::make_pair(std::get<1>(a), std::get<2>(a)) < std::make_pair(std::get<1>(b), std::get<2>(b));
  });
  std::vector<int> match(ground_truth.size(), -1);
  std::vector<bool> used(predicted.size(), false);
  for (const auto& [iou, g, p] : pairs) {
    if (match[g] >= 0 || used[p]) continue;
    match[g] = p;
    used[p] = true;
  }
  return match;
}

std::vector<Point2> CocoFromBlazePose(const std::vector<Point2>& landmarks) {
  if (landmarks.size() <= static_cast<size_t>(kBlazePoseIndexOfCoco.back())) return {};
  std::vector<Point2> coco;
  for (int index : kBlazePoseIndexOfCoco) coco.push_back(landmarks[index]);
  return coco;
}

void PckTable::Add(const GroundTruthPerson& person, const std::vector<Point2>* predicted,
                   std::optional<double> size, const std::string& group) {
  if (!size || !(*size > 0.0)) {
    ++unsized_;
    return;
  }
  ++persons_;
  const bool have = predicted != nullptr && predicted->size() == kNumCocoKeypoints;
  PckCount& in_group = per_group_[group];
  for (int k = 0; k < kNumCocoKeypoints; ++k) {
    if (person.visibility[k] <= 0) continue;
    bool correct = false;
    if (have) {
      const double d = std::hypot((*predicted)[k].x - person.keypoints[k].x,
                                  (*predicted)[k].y - person.keypoints[k].y);
      correct = d < alpha_ * *size;
    }
    for (PckCount* count : {&all_, &per_keypoint_[k], &in_group}) {
      ++count->total;
      count->correct += correct ? 1 : 0;
    }
  }
}

Spread SpreadOf(std::vector<double> values) {
  Spread spread;
  spread.count = static_cast<int64_t>(values.size());
  if (values.empty()) return spread;
  std::sort(values.begin(), values.end());
  spread.mean = std::accumulate(values.begin(), values.end(), 0.0) / values.size();
  const double index = 0.95 * (values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(index));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  spread.p95 = values[lo] + (values[hi] - values[lo]) * (index - lo);
  return spread;
}

}  // namespace edgepose::eval
