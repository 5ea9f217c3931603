// Decoding of the BlazePose detector's raw outputs into detections, MediaPipe's weighted
// non-max suppression and letterbox removal. Follows
//   mediapipe/calculators/tensor/tensors_to_detections_calculator.cc (DecodeBoxes, scores),
//   mediapipe/calculators/util/non_max_suppression_calculator.cc (WeightedNonMaxSuppression),
//   mediapipe/calculators/util/detection_letterbox_removal_calculator.cc,
// with the options of mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt.
#pragma once

#include <cstddef>
#include <vector>

#include "edgepose/status.h"
#include "pose/anchors.h"
#include "pose/types.h"

namespace edgepose::pose {

struct DetectionDecodeOptions {
  // pose_detection_cpu.pbtxt, node TensorsToDetectionsCalculator.
  int num_coords = 12;  // box (4) + 4 keypoints x (x, y)
  int box_coord_offset = 0;
  int keypoint_coord_offset = 4;
  int num_keypoints = 4;
  float x_scale = 224.0f;
  float y_scale = 224.0f;
  float w_scale = 224.0f;
  float h_scale = 224.0f;
  float score_clipping_thresh = 100.0f;
  // The graph says 0.2, but the Pose solution overrides it with min_detection_confidence
  // (default 0.5, mediapipe/python/solutions/pose.py), which is what the issue asks for.
  float min_score_thresh = 0.5f;
};

struct NmsOptions {
  // pose_detection_cpu.pbtxt, node NonMaxSuppressionCalculator (IoU, WEIGHTED).
  float min_suppression_threshold = 0.3f;
};

// raw_boxes: num_anchors x num_coords values (x, y, w, h then keypoints, "reverse output
// order"), raw_scores: num_anchors logits. Returns detections with score >= threshold, box
// and keypoints normalized to the detector input, in anchor order.
Result<std::vector<Detection>> DecodeDetections(const float* raw_boxes, size_t raw_boxes_count,
                                                const float* raw_scores, size_t raw_scores_count,
                                                const std::vector<Anchor>& anchors,
                                                const DetectionDecodeOptions& options = {});

// IoU of two detections' boxes; 0 when they do not intersect.
float IntersectionOverUnion(const Detection& a, const Detection& b);

// MediaPipe's weighted NMS: take the best remaining detection, average the box and keypoints
// of every remaining detection overlapping it by more than the threshold (itself included),
// weighted by score; the score stays the best one's. Output sorted by decreasing score.
std::vector<Detection> WeightedNonMaxSuppression(const std::vector<Detection>& detections,
                                                 const NmsOptions& options = {});

// Maps a detection from letterboxed-tensor coordinates back to image coordinates.
Detection RemoveLetterbox(const Detection& detection, const LetterboxPadding& padding);

float Sigmoid(float x);

}  // namespace edgepose::pose
