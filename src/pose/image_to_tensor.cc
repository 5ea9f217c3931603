#include "pose/image_to_tensor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <opencv2/imgproc.hpp>

namespace edgepose::pose {

ImageToTensorOptions DetectorInputOptions() {
  ImageToTensorOptions options;
  options.output_width = 224;
  options.output_height = 224;
  options.range_min = -1.0f;
  options.range_max = 1.0f;
  options.border_mode = BorderMode::kZero;
  return options;
}

ImageToTensorOptions LandmarkInputOptions() { return ImageToTensorOptions{}; }

PixelRect WholeImageRect(int image_width, int image_height) {
  return {0.5f * image_width, 0.5f * image_height, static_cast<float>(image_width),
          static_cast<float>(image_height), 0.0f};
}

PixelRect ToPixelRect(const NormalizedRect& rect, int image_width, int image_height) {
  return {rect.x_center * image_width, rect.y_center * image_height, rect.width * image_width,
          rect.height * image_height, rect.rotation};
}

LetterboxPadding PadRoi(int output_width, int output_height, bool keep_aspect_ratio,
                        PixelRect* roi) {
  if (!keep_aspect_ratio) return {0.0f, 0.0f, 0.0f, 0.0f};
  const float tensor_aspect = static_cast<float>(output_height) / output_width;
  const float roi_aspect = roi->height / roi->width;
  float vertical = 0.0f;
  float horizontal = 0.0f;
  if (tensor_aspect > roi_aspect) {
    roi->height = roi->width * tensor_aspect;
    vertical = (1.0f - roi_aspect / tensor_aspect) / 2.0f;
  } else {
    roi->width = roi->height / tensor_aspect;
    horizontal = (1.0f - tensor_aspect / roi_aspect) / 2.0f;
  }
  return {horizontal, vertical, horizontal, vertical};
}

cv::Matx23d CropToImageMatrix(const PixelRect& roi, int output_width, int output_height) {
  // source = centre + R(rotation) * ((u - 0.5) * width, (v - 0.5) * height) in continuous
  // pixels, u = (x + 0.5) / output_width; OpenCV's index of that point is source - 0.5.
  const double c = std::cos(static_cast<double>(roi.rotation));
  const double s = std::sin(static_cast<double>(roi.rotation));
  const double sx = static_cast<double>(roi.width) / output_width;   // d(offset x)/dx
  const double sy = static_cast<double>(roi.height) / output_height;  // d(offset y)/dy
  const double ox = 0.5 * sx - 0.5 * roi.width;                       // offset x at x = 0
  const double oy = 0.5 * sy - 0.5 * roi.height;
  return cv::Matx23d(c * sx, -s * sy, roi.x_center - 0.5 + c * ox - s * oy,  //
                     s * sx, c * sy, roi.y_center - 0.5 + s * ox + c * oy);
}

TensorDestination DestinationFor(Tensor& tensor) {
  TensorDestination destination;
  destination.type = tensor.type;
  destination.data = tensor.data;
  destination.bytes = tensor.bytes;
  if (!tensor.quant.empty()) {
    destination.scale = tensor.quant.scale[0];
    destination.zero_point =
        tensor.quant.zero_point.empty() ? 0 : static_cast<int32_t>(tensor.quant.zero_point[0]);
  }
  return destination;
}

namespace {

template <class Q>
void Quantize(const float* values, size_t count, const TensorDestination& destination) {
  Q* out = static_cast<Q*>(destination.data);
  const float inverse_scale = 1.0f / destination.scale;
  const float lo = static_cast<float>(std::numeric_limits<Q>::min());
  const float hi = static_cast<float>(std::numeric_limits<Q>::max());
  for (size_t i = 0; i < count; ++i) {
    const float q = std::nearbyint(values[i] * inverse_scale) + destination.zero_point;
    out[i] = static_cast<Q>(std::clamp(q, lo, hi));
  }
}

}  // namespace

Status ImageToTensor(const cv::Mat& bgr_image, const PixelRect& roi,
                     const ImageToTensorOptions& options, const TensorDestination& destination) {
  if (bgr_image.empty() || bgr_image.type() != CV_8UC3) {
    return MakeError("image to tensor: expected a non-empty 8-bit BGR image");
  }
  const int out_w = options.output_width;
  const int out_h = options.output_height;
  if (out_w <= 0 || out_h <= 0) return MakeError("image to tensor: output size must be positive");
  if (!(roi.width > 0.0f) || !(roi.height > 0.0f) || !std::isfinite(roi.x_center) ||
      !std::isfinite(roi.y_center) || !std::isfinite(roi.rotation)) {
    return MakeError("image to tensor: region of interest is empty or not finite");
  }
  const size_t count = static_cast<size_t>(out_w) * out_h * 3;
  size_t element_size = 0;
  switch (destination.type) {
    case DType::kFloat32: element_size = 4; break;
    case DType::kInt8:
    case DType::kUInt8: element_size = 1; break;
    default:
      return MakeError(std::string("image to tensor: unsupported input dtype ") +
                       DTypeName(destination.type));
  }
  if (destination.data == nullptr || destination.bytes != count * element_size) {
    return MakeError("image to tensor: destination holds " + std::to_string(destination.bytes) +
                     " bytes, expected " + std::to_string(count * element_size) + " for 1x" +
                     std::to_string(out_h) + "x" + std::to_string(out_w) + "x3");
  }
  if (destination.type != DType::kFloat32 && !(destination.scale > 0.0f)) {
    return MakeError("image to tensor: quantized input needs a positive scale");
  }

  // Only the part of the image the samples can reach is converted to float: the bounding box
  // of the mapped output corners plus a pixel for the bilinear neighbours, clamped into the
  // image. Clamping keeps edge replication exact (an interior cut is never sampled past).
  const cv::Matx23d m = CropToImageMatrix(roi, out_w, out_h);
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  for (double cy : {-0.5, out_h - 0.5}) {
    for (double cx : {-0.5, out_w - 0.5}) {
      const double x = m(0, 0) * cx + m(0, 1) * cy + m(0, 2);
      const double y = m(1, 0) * cx + m(1, 1) * cy + m(1, 2);
      min_x = std::min(min_x, x);
      max_x = std::max(max_x, x);
      min_y = std::min(min_y, y);
      max_y = std::max(max_y, y);
    }
  }
  const int cols = bgr_image.cols;
  const int rows = bgr_image.rows;
  auto clamp_index = [](double v, int size) {
    return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(size - 1)));
  };
  const int x0 = clamp_index(std::floor(min_x) - 1, cols);
  const int x1 = clamp_index(std::ceil(max_x) + 1, cols);
  const int y0 = clamp_index(std::floor(min_y) - 1, rows);
  const int y1 = clamp_index(std::ceil(max_y) + 1, rows);
  cv::Mat region;
  bgr_image(cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1)).convertTo(region, CV_32FC3);
  cv::cvtColor(region, region, cv::COLOR_BGR2RGB);

  cv::Matx23d local = m;
  local(0, 2) -= x0;
  local(1, 2) -= y0;
  const float value_scale = (options.range_max - options.range_min) / 255.0f;
  cv::Mat sampled;
  cv::warpAffine(region, sampled, local, cv::Size(out_w, out_h),
                 cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);

  cv::Mat values;
  float* out_floats = nullptr;
  if (destination.type == DType::kFloat32) {
    values = cv::Mat(out_h, out_w, CV_32FC3, destination.data);
  } else {
    values.create(out_h, out_w, CV_32FC3);
  }
  sampled.convertTo(values, CV_32FC3, value_scale, options.range_min);
  out_floats = values.ptr<float>();

  if (options.border_mode == BorderMode::kZero) {
    // Black (range_min) where the sample centre leaves the image: index outside
    // [-0.5, size - 0.5] in OpenCV's convention.
    for (int y = 0; y < out_h; ++y) {
      float* row = out_floats + static_cast<size_t>(y) * out_w * 3;
      for (int x = 0; x < out_w; ++x) {
        const double sx = m(0, 0) * x + m(0, 1) * y + m(0, 2);
        const double sy = m(1, 0) * x + m(1, 1) * y + m(1, 2);
        if (sx < -0.5 || sx > cols - 0.5 || sy < -0.5 || sy > rows - 0.5) {
          row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = options.range_min;
        }
      }
    }
  }

  if (destination.type == DType::kInt8) {
    Quantize<int8_t>(out_floats, count, destination);
  } else if (destination.type == DType::kUInt8) {
    Quantize<uint8_t>(out_floats, count, destination);
  }
  return Ok();
}

}  // namespace edgepose::pose
