// SSD anchor generation, as MediaPipe's SsdAnchorsCalculator
// (mediapipe/calculators/tflite/ssd_anchors_calculator.cc) with the options of
// mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt.
#pragma once

#include <vector>

#include "edgepose/status.h"

namespace edgepose::pose {

struct Anchor {
  float x_center = 0.0f;  // normalized to the detector input
  float y_center = 0.0f;
  float width = 1.0f;  // 1 with fixed_anchor_size
  float height = 1.0f;
};

struct AnchorOptions {
  // Defaults: pose_detection_cpu.pbtxt, node SsdAnchorsCalculator.
  int num_layers = 5;
  float min_scale = 0.1484375f;
  float max_scale = 0.75f;
  int input_size_width = 224;
  int input_size_height = 224;
  float anchor_offset_x = 0.5f;
  float anchor_offset_y = 0.5f;
  std::vector<int> strides = {8, 16, 32, 32, 32};
  std::vector<float> aspect_ratios = {1.0f};
  // ssd_anchors_calculator.proto defaults.
  float interpolated_scale_aspect_ratio = 1.0f;
  bool reduce_boxes_in_lowest_layer = false;
  bool fixed_anchor_size = true;
};

// Anchors in MediaPipe's order: layers grouped by equal stride, then rows, columns, and the
// anchors of one cell. 2254 with the defaults.
Result<std::vector<Anchor>> GenerateAnchors(const AnchorOptions& options = {});

}  // namespace edgepose::pose
