// Decoding of the BlazePose landmark model's outputs, following
//   mediapipe/calculators/tensor/tensors_to_landmarks_calculator.cc,
//   mediapipe/calculators/util/refine_landmarks_from_heatmap_calculator.cc,
//   mediapipe/calculators/util/landmark_letterbox_removal_calculator.cc,
//   mediapipe/calculators/util/landmark_projection_calculator.cc,
//   mediapipe/calculators/util/world_landmark_projection_calculator.cc,
// with the options of mediapipe/modules/pose_landmark/tensors_to_pose_landmarks_and_segmentation
// .pbtxt and pose_landmark_by_roi_post_processing.pbtxt.
//
// Model outputs: [1,195] = 39 x (x, y, z, visibility logit, presence logit) in crop pixels,
// [1,1] pose presence (already a probability: the graph ends in a sigmoid), [1,64,64,39]
// heatmap logits, [1,117] = 39 x (x, y, z) world coordinates in metres.
#pragma once

#include <cstddef>

#include "edgepose/status.h"
#include "pose/types.h"

namespace edgepose::pose {

inline constexpr int kNumPoseLandmarks = 33;
inline constexpr int kNumModelLandmarks = 39;  // 33 + 2 auxiliary (ROI) + 4 unused

struct LandmarkDecodeOptions {
  int num_landmarks = kNumModelLandmarks;
  int input_width = 256;   // TensorsToLandmarksCalculator input_image_width
  int input_height = 256;  // input_image_height
  // RefineLandmarksFromHeatmapCalculator: kernel_size 7 (pbtxt), min_confidence_to_refine 0.5
  // (proto default).
  int heatmap_kernel_size = 7;
  float min_confidence_to_refine = 0.5f;
  // ThresholdingCalculator threshold 0.5 on the pose presence; "present" means > threshold.
  float presence_threshold = 0.5f;
};

// Landmarks normalized to the crop: x / input_width, y / input_height, z / input_width;
// visibility and presence through a sigmoid.
Result<Landmarks> DecodeLandmarks(const float* raw, size_t count,
                                  const LandmarkDecodeOptions& options = {});

// Replaces x, y of each landmark with the sigmoid-weighted mean cell of a kernel x kernel window
// of its heatmap channel around the landmark's cell, when the window's peak confidence reaches
// the minimum. Note MediaPipe's rule: the mean of cell *indices* divided by the heatmap size
// (no half-cell offset), and the cell index is the truncation of x * width.
Status RefineLandmarksWithHeatmap(Landmarks* landmarks, const float* heatmap, size_t count,
                                  int height, int width, int channels,
                                  const LandmarkDecodeOptions& options = {});

// Undoes letterbox padding of the crop (x, y) and rescales z like x.
Landmarks RemoveLandmarkLetterbox(const Landmarks& landmarks, const LetterboxPadding& padding);

// Crop-normalized -> image-normalized through the rotated ROI; z scaled by the ROI width.
Landmarks ProjectLandmarks(const Landmarks& landmarks, const NormalizedRect& roi);

// [1,117] world landmarks (metres, origin between the hips), rotated by the ROI rotation so they
// are expressed in the image's orientation; visibility/presence copied from `image_landmarks`.
Result<Landmarks> DecodeWorldLandmarks(const float* raw, size_t count, const NormalizedRect& roi,
                                       const Landmarks& image_landmarks,
                                       int num_landmarks = kNumModelLandmarks);

}  // namespace edgepose::pose
