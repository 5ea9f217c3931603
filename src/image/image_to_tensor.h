// Image -> model input tensor, as MediaPipe's ImageToTensorCalculator
// (mediapipe/calculators/tensor/image_to_tensor_calculator.cc, image_to_tensor_utils.cc).
//
// Sampling convention (the one that decides parity): MediaPipe's GPU converter
// (image_to_tensor_converter_gl_texture.cc), which the Pose solution used for the reference
// answers, samples output pixel (i, j) at its centre: u = (i + 0.5) / out_width in [0, 1],
// maps u through the rotated ROI (GetRotatedSubRectToRectTransformMatrix) to a continuous
// source position in pixels, and filters bilinearly around it with texel centres at k + 0.5.
// In OpenCV's index convention (pixel k centred at k) that is a half-pixel shift on both sides,
// which CropToImageMatrix folds into one affine matrix (the cv::warpAffine WARP_INVERSE_MAP
// convention); the sampling itself is exact bilinear, see image_to_tensor.cc for why.
//
// Borders: kReplicate = GL_CLAMP_TO_EDGE. kZero = the converter's custom zero border: a sample
// whose centre falls outside the image is black (then mapped into the output range, so -1 for
// [-1, 1]); samples inside still clamp to the edge texels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <opencv2/core.hpp>

#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::image {

enum class BorderMode { kZero, kReplicate };

// Padding added around the ROI, as fractions of the tensor: left, top, right, bottom.
using LetterboxPadding = std::array<float, 4>;

// A rotated rectangle in source pixels (MediaPipe's RotatedRect).
struct PixelRect {
  float x_center = 0.0f;
  float y_center = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
  float rotation = 0.0f;  // radians
};

struct ImageToTensorOptions {
  int output_width = 256;
  int output_height = 256;
  bool keep_aspect_ratio = true;
  float range_min = 0.0f;
  float range_max = 1.0f;
  BorderMode border_mode = BorderMode::kReplicate;  // image_to_tensor_calculator.proto default
};

PixelRect WholeImageRect(int image_width, int image_height);

// Grows the ROI to the tensor's aspect ratio when keep_aspect_ratio (image_to_tensor_utils.cc
// PadRoi) and returns the padding as fractions of the tensor: left, top, right, bottom.
LetterboxPadding PadRoi(int output_width, int output_height, bool keep_aspect_ratio,
                        PixelRect* roi);

// 2x3 matrix taking an output pixel index (x, y) to the source position in OpenCV's pixel-index
// convention, i.e. the matrix for cv::warpAffine(..., WARP_INVERSE_MAP).
cv::Matx23d CropToImageMatrix(const PixelRect& roi, int output_width, int output_height);

// Where the tensor goes: NHWC RGB, float32 or 8-bit with real = scale * (q - zero_point).
struct TensorDestination {
  DType type = DType::kFloat32;
  void* data = nullptr;
  size_t bytes = 0;
  float scale = 1.0f;
  int32_t zero_point = 0;
};
TensorDestination DestinationFor(Tensor& tensor);  // per-tensor quantization of a runtime tensor

// Samples `roi` (already padded) of a BGR 8-bit image into the destination tensor.
Status ImageToTensor(const cv::Mat& bgr_image, const PixelRect& roi,
                     const ImageToTensorOptions& options, const TensorDestination& destination);

}  // namespace edgepose::image
