#include "pose/detection.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace edgepose::pose {

float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

Result<std::vector<Detection>> DecodeDetections(const float* raw_boxes, size_t raw_boxes_count,
                                                const float* raw_scores, size_t raw_scores_count,
                                                const std::vector<Anchor>& anchors,
                                                const DetectionDecodeOptions& options) {
  const size_t num_anchors = anchors.size();
  const size_t num_coords = static_cast<size_t>(options.num_coords);
  if (options.keypoint_coord_offset + 2 * options.num_keypoints > options.num_coords ||
      options.box_coord_offset + 4 > options.num_coords || options.box_coord_offset < 0 ||
      options.keypoint_coord_offset < 0 || options.num_keypoints < 0) {
    return MakeError("detection decode: box/keypoint layout does not fit in num_coords " +
                     std::to_string(options.num_coords));
  }
  if (raw_boxes_count != num_anchors * num_coords) {
    return MakeError("detection decode: box tensor has " + std::to_string(raw_boxes_count) +
                     " values, expected " + std::to_string(num_anchors) + " anchors x " +
                     std::to_string(num_coords));
  }
  if (raw_scores_count != num_anchors) {
    return MakeError("detection decode: score tensor has " + std::to_string(raw_scores_count) +
                     " values, expected " + std::to_string(num_anchors));
  }
  std::vector<Detection> detections;
  for (size_t i = 0; i < num_anchors; ++i) {
    float logit = raw_scores[i];
    if (options.score_clipping_thresh > 0.0f) {
      logit = std::clamp(logit, -options.score_clipping_thresh, options.score_clipping_thresh);
    }
    const float score = Sigmoid(logit);
    if (!(score >= options.min_score_thresh)) continue;  // also drops NaN

    const Anchor& anchor = anchors[i];
    const float* box = raw_boxes + i * num_coords + options.box_coord_offset;
    const float x_center = box[0] / options.x_scale * anchor.width + anchor.x_center;
    const float y_center = box[1] / options.y_scale * anchor.height + anchor.y_center;
    const float w = box[2] / options.w_scale * anchor.width;
    const float h = box[3] / options.h_scale * anchor.height;
    const float ymin = y_center - h / 2.0f;
    const float xmin = x_center - w / 2.0f;
    const float ymax = y_center + h / 2.0f;
    const float xmax = x_center + w / 2.0f;

    Detection detection;
    detection.score = score;
    detection.xmin = xmin;
    detection.ymin = ymin;
    detection.width = xmax - xmin;
    detection.height = ymax - ymin;
    const float* keypoints = raw_boxes + i * num_coords + options.keypoint_coord_offset;
    for (int k = 0; k < options.num_keypoints; ++k) {
      detection.keypoints.push_back(
          {keypoints[2 * k] / options.x_scale * anchor.width + anchor.x_center,
           keypoints[2 * k + 1] / options.y_scale * anchor.height + anchor.y_center});
    }
    detections.push_back(std::move(detection));
  }
  return detections;
}

float IntersectionOverUnion(const Detection& a, const Detection& b) {
  const float ix0 = std::max(a.xmin, b.xmin);
  const float iy0 = std::max(a.ymin, b.ymin);
  const float ix1 = std::min(a.xmin + a.width, b.xmin + b.width);
  const float iy1 = std::min(a.ymin + a.height, b.ymin + b.height);
  if (ix1 <= ix0 || iy1 <= iy0) return 0.0f;
  const float intersection = (ix1 - ix0) * (iy1 - iy0);
  const float union_area = a.width * a.height + b.width * b.height - intersection;
  return union_area > 0.0f ? intersection / union_area : 0.0f;
}

std::vector<Detection> WeightedNonMaxSuppression(const std::vector<Detection>& detections,
                                                 const NmsOptions& options) {
  std::vector<size_t> remaining(detections.size());
  for (size_t i = 0; i < remaining.size(); ++i) remaining[i] = i;
  std::stable_sort(remaining.begin(), remaining.end(), [&](size_t a, size_t b) {
    return detections[a].score > detections[b].score;
  });

  std::vector<Detection> output;
  std::vector<size_t> kept;
  while (!remaining.empty()) {
    const Detection& best = detections[remaining[0]];
    std::vector<size_t> candidates;
    kept.clear();
    for (size_t index : remaining) {
      if (IntersectionOverUnion(detections[index], best) > options.min_suppression_threshold) {
        candidates.push_back(index);
      } else {
        kept.push_back(index);
      }
    }
    Detection weighted = best;
    if (!candidates.empty()) {
      float total = 0.0f, xmin = 0.0f, ymin = 0.0f, xmax = 0.0f, ymax = 0.0f;
      std::vector<Keypoint> keypoints(best.keypoints.size());
      for (size_t index : candidates) {
        const Detection& c = detections[index];
        const float w = c.score;
        total += w;
        xmin += c.xmin * w;
        ymin += c.ymin * w;
        xmax += (c.xmin + c.width) * w;
        ymax += (c.ymin + c.height) * w;
        for (size_t k = 0; k < keypoints.size() && k < c.keypoints.size(); ++k) {
          keypoints[k].x += c.keypoints[k].x * w;
          keypoints[k].y += c.keypoints[k].y * w;
        }
      }
      weighted.xmin = xmin / total;
      weighted.ymin = ymin / total;
      weighted.width = xmax / total - weighted.xmin;
      weighted.height = ymax / total - weighted.ymin;
      for (size_t k = 0; k < keypoints.size(); ++k) {
        weighted.keypoints[k] = {keypoints[k].x / total, keypoints[k].y / total};
      }
    }
    output.push_back(std::move(weighted));
    // A best box with NaN coordinates overlaps nothing, not even itself: stop rather than loop.
    if (kept.size() == remaining.size()) break;
    remaining.swap(kept);
  }
  return output;
}

Detection RemoveLetterbox(const Detection& detection, const LetterboxPadding& padding) {
  const float left = padding[0];
  const float top = padding[1];
  const float horizontal = padding[0] + padding[2];
  const float vertical = padding[1] + padding[3];
  Detection out = detection;
  out.xmin = (detection.xmin - left) / (1.0f - horizontal);
  out.ymin = (detection.ymin - top) / (1.0f - vertical);
  out.width = detection.width / (1.0f - horizontal);
  out.height = detection.height / (1.0f - vertical);
  for (auto& keypoint : out.keypoints) {
    keypoint.x = (keypoint.x - left) / (1.0f - horizontal);
    keypoint.y = (keypoint.y - top) / (1.0f - vertical);
  }
  return out;
}

}  // namespace edgepose::pose
