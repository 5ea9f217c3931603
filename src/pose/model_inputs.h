// How MediaPipe's pose graphs feed their two models: the detector sees the whole frame
// letterboxed, the landmark model a rotated crop around the region of interest.
#pragma once

#include "image/image_to_tensor.h"
#include "pose/types.h"

namespace edgepose::pose {

using image::BorderMode;
using image::ImageToTensorOptions;
using image::PixelRect;

// pose_detection_cpu.pbtxt: 224x224, keep aspect, [-1, 1], BORDER_ZERO.
ImageToTensorOptions DetectorInputOptions();
// pose_landmark_by_roi_cpu.pbtxt: 256x256, keep aspect, [0, 1], default border (replicate).
ImageToTensorOptions LandmarkInputOptions();

// A normalized ROI in the pixels of a width x height image.
PixelRect ToPixelRect(const NormalizedRect& rect, int image_width, int image_height);

}  // namespace edgepose::pose
