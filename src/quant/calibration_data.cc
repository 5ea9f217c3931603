#include "quant/calibration_data.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

#include <opencv2/imgcodecs.hpp>

#include "core/npy.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"
#include "image/image_to_tensor.h"

namespace edgepose::quant {
namespace fs = std::filesystem;

namespace {
std::string Extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}
}  // namespace

bool IsImagePath(const std::string& path) {
  const std::string ext = Extension(path);
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp";
}

bool IsTensorPath(const std::string& path) {
  const std::string ext = Extension(path);
  return ext == ".npy" || ext == ".raw" || ext == ".bin";
}

Result<std::vector<float>> LoadImageInput(const std::string& path, const CalibrationDataOptions& options) {
  const Shape& shape = options.input_shape;
  if (!options.input_range_known)
    return MakeError(path + ": calibrating from images needs --input-range (0,1 landmark, -1,1 detector)");
  if (shape.size() != 4 || shape[0] != 1 || shape[3] != 3)
    return MakeError(path + ": images need a model input of shape [1,H,W,3], model has " + ShapeToString(shape));
  cv::Mat image;
  try {
    image = cv::imread(path, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    return MakeError(path + ": cannot decode image: " + e.what());
  }
  if (image.empty()) return MakeError(path + ": not a readable image");
  edgepose::image::ImageToTensorOptions convert;
  convert.output_height = shape[1];
  convert.output_width = shape[2];
  convert.keep_aspect_ratio = true;
  convert.range_min = options.input_range.min;
  convert.range_max = options.input_range.max;
  convert.border_mode = edgepose::image::BorderMode::kZero;
  edgepose::image::PixelRect roi = edgepose::image::WholeImageRect(image.cols, image.rows);
  edgepose::image::PadRoi(convert.output_width, convert.output_height, true, &roi);
  std::vector<float> data(static_cast<size_t>(NumElements(shape)));
  edgepose::image::TensorDestination destination;
  destination.data = data.data();
  destination.bytes = data.size() * sizeof(float);
  EP_RETURN_IF_ERROR(WithContext(edgepose::image::ImageToTensor(image, roi, convert, destination), path));
  return data;
}

Result<std::vector<float>> LoadTensorInput(const std::string& path, const CalibrationDataOptions& options) {
  const int64_t count = NumElements(options.input_shape);
  std::vector<float> data(static_cast<size_t>(count));
  if (Extension(path) == ".npy") {
    EP_ASSIGN_OR_RETURN(NpyArray array, ReadNpy(path));
    if (NumElements(array.shape) != count)
      return MakeError(path + ": shape " + ShapeToString(array.shape) + " does not match the model input " +
                       ShapeToString(options.input_shape));
    if (array.dtype == DType::kFloat32) {
      std::memcpy(data.data(), array.data.data(), data.size() * sizeof(float));
    } else if (array.dtype == DType::kUInt8) {  // raw bytes mapped like image pixels
      const float scale = (options.input_range.max - options.input_range.min) / 255.f;
      for (int64_t i = 0; i < count; ++i) data[i] = options.input_range.min + scale * array.data_as<uint8_t>()[i];
    } else {
      return MakeError(path + ": dtype " + DTypeName(array.dtype) + " is not float32 or uint8");
    }
    return data;
  }
  EP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  if (bytes.size() != data.size() * sizeof(float))
    return MakeError(path + ": " + std::to_string(bytes.size()) + " bytes, the model input " +
                     ShapeToString(options.input_shape) + " needs " + std::to_string(data.size() * sizeof(float)) +
                     " (float32)");
  std::memcpy(data.data(), bytes.data(), bytes.size());
  return data;
}

Result<CalibrationSet> LoadCalibrationSet(const std::vector<std::string>& paths,
                                          const CalibrationDataOptions& options) {
  if (paths.empty()) return MakeError("no calibration data given (--calib DIR|FILE...)");
  std::vector<std::string> files;
  CalibrationSet set;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> listed;
      for (const auto& entry : fs::directory_iterator(path, error))
        if (entry.is_regular_file(error)) listed.push_back(entry.path().string());
      if (error) return MakeError(path + ": cannot list folder: " + error.message());
      if (listed.empty()) return MakeError(path + ": calibration folder is empty");
      std::sort(listed.begin(), listed.end());
      files.insert(files.end(), listed.begin(), listed.end());
    } else if (fs::exists(path, error)) {
      files.push_back(path);
    } else {
      return MakeError(path + ": no such calibration file or folder");
    }
  }
  std::vector<std::string> candidates;
  for (const auto& file : files) {
    if (IsImagePath(file) || IsTensorPath(file)) {
      candidates.push_back(file);
    } else {
      EP_LOG_WARN("%s: skipped (not an image or tensor file)", file.c_str());
      ++set.skipped;
    }
  }
  std::mt19937 rng(options.seed);
  std::shuffle(candidates.begin(), candidates.end(), rng);
  for (const auto& file : candidates) {
    if (options.max_inputs > 0 && static_cast<int>(set.samples.size()) >= options.max_inputs) break;
    auto data = IsImagePath(file) ? LoadImageInput(file, options) : LoadTensorInput(file, options);
    if (!data) {
      EP_LOG_WARN("%s (skipped)", data.error().message.c_str());
      ++set.skipped;
      continue;
    }
    set.samples.push_back({file, std::move(*data)});
  }
  if (set.samples.empty())
    return MakeError("no usable calibration input (" + std::to_string(set.skipped) + " files skipped)");
  return set;
}

}  // namespace edgepose::quant
