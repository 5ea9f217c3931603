#include "pose/landmarks.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "pose/detection.h"

namespace edgepose::pose {

Result<Landmarks> DecodeLandmarks(const float* raw, size_t count,
                                  const LandmarkDecodeOptions& options) {
  if (options.num_landmarks <= 0 || count % options.num_landmarks != 0) {
    return MakeError("landmark decode: tensor has " + std::to_string(count) +
                     " values, not a multiple of " + std::to_string(options.num_landmarks) +
                     " landmarks");
  }
  const size_t dims = count / options.num_landmarks;
  if (dims < 2) return MakeError("landmark decode: need at least x and y per landmark");
  Landmarks landmarks(options.num_landmarks);
  for (int i = 0; i < options.num_landmarks; ++i) {
    const float* v = raw + i * dims;
    Landmark& lm = landmarks[i];
    lm.x = v[0] / options.input_width;
    lm.y = v[1] / options.input_height;
    lm.z = dims > 2 ? v[2] / options.input_width : 0.0f;
    lm.visibility = dims > 3 ? Sigmoid(v[3]) : 0.0f;
    lm.presence = dims > 4 ? Sigmoid(v[4]) : 0.0f;
  }
  return landmarks;
}

Status RefineLandmarksWithHeatmap(Landmarks* landmarks, const float* heatmap, size_t count,
                                  int height, int width, int channels,
                                  const LandmarkDecodeOptions& options) {
  if (height <= 0 || width <= 0 || channels <= 0 ||
      count != static_cast<size_t>(height) * width * channels) {
    return MakeError("heatmap refine: heatmap has " + std::to_string(count) + " values, not " +
                     std::to_string(height) + "x" + std::to_string(width) + "x" +
                     std::to_string(channels));
  }
  if (static_cast<int>(landmarks->size()) != channels) {
    return MakeError("heatmap refine: " + std::to_string(landmarks->size()) +
                     " landmarks but " + std::to_string(channels) + " heatmap channels");
  }
  const int offset = (options.heatmap_kernel_size - 1) / 2;
  for (int c = 0; c < channels; ++c) {
    Landmark& lm = (*landmarks)[c];
    if (!std::isfinite(lm.x) || !std::isfinite(lm.y)) continue;
    // C++ float->int conversion truncates toward zero, as MediaPipe's does (so x in (-1/w, 0)
    // still lands in column 0).
    const float fx = lm.x * width;
    const float fy = lm.y * height;
    // MediaPipe's bounds test checks the column twice and never the row against the bottom
    // (`center_col >= hm_height`), so a landmark up to `offset` cells below the heatmap is
    // still refined from the partial window; beyond that the window is empty.
    if (fx <= -1.0f || fx >= width || fy <= -1.0f || fy >= height + offset) continue;
    const int center_col = static_cast<int>(fx);
    const int center_row = static_cast<int>(fy);
    const int begin_col = std::max(0, center_col - offset);
    const int end_col = std::min(width, center_col + offset + 1);
    const int begin_row = std::max(0, center_row - offset);
    const int end_row = std::min(height, center_row + offset + 1);
    float sum = 0.0f, weighted_col = 0.0f, weighted_row = 0.0f, max_value = 0.0f;
    for (int row = begin_row; row < end_row; ++row) {
      for (int col = begin_col; col < end_col; ++col) {
        const float confidence =
            Sigmoid(heatmap[(static_cast<size_t>(row) * width + col) * channels + c]);
        sum += confidence;
        max_value = std::max(max_value, confidence);
        weighted_col += col * confidence;
        weighted_row += row * confidence;
      }
    }
    if (max_value >= options.min_confidence_to_refine && sum > 0.0f) {
      lm.x = weighted_col / width / sum;
      lm.y = weighted_row / height / sum;
    }
  }
  return Ok();
}

Landmarks RemoveLandmarkLetterbox(const Landmarks& landmarks, const LetterboxPadding& padding) {
  const float left = padding[0];
  const float top = padding[1];
  const float horizontal = padding[0] + padding[2];
  const float vertical = padding[1] + padding[3];
  Landmarks out = landmarks;
  for (Landmark& lm : out) {
    lm.x = (lm.x - left) / (1.0f - horizontal);
    lm.y = (lm.y - top) / (1.0f - vertical);
    lm.z = lm.z / (1.0f - horizontal);
  }
  return out;
}

Landmarks ProjectLandmarks(const Landmarks& landmarks, const NormalizedRect& roi) {
  const float c = std::cos(roi.rotation);
  const float s = std::sin(roi.rotation);
  Landmarks out = landmarks;
  for (Landmark& lm : out) {
    const float x = lm.x - 0.5f;
    const float y = lm.y - 0.5f;
    lm.x = (c * x - s * y) * roi.width + roi.x_center;
    lm.y = (s * x + c * y) * roi.height + roi.y_center;
    lm.z = lm.z * roi.width;
  }
  return out;
}

Result<Landmarks> DecodeWorldLandmarks(const float* raw, size_t count, const NormalizedRect& roi,
                                       const Landmarks& image_landmarks, int num_landmarks) {
  if (num_landmarks <= 0 || count != static_cast<size_t>(num_landmarks) * 3) {
    return MakeError("world landmark decode: tensor has " + std::to_string(count) +
                     " values, expected " + std::to_string(num_landmarks) + " x 3");
  }
  const float c = std::cos(roi.rotation);
  const float s = std::sin(roi.rotation);
  Landmarks out(num_landmarks);
  for (int i = 0; i < num_landmarks; ++i) {
    const float x = raw[3 * i];
    const float y = raw[3 * i + 1];
    out[i].x = c * x - s * y;
    out[i].y = s * x + c * y;
    out[i].z = raw[3 * i + 2];
    if (i < static_cast<int>(image_landmarks.size())) {
      out[i].visibility = image_landmarks[i].visibility;
      out[i].presence = image_landmarks[i].presence;
    }
  }
  return out;
}

}  // namespace edgepose::pose
