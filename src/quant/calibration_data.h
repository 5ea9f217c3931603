// Calibration inputs: images letterboxed to the model input exactly as MediaPipe's detector input
// (keep aspect, zero border, pixel-centre sampling: image/image_to_tensor.h) mapped to the model's
// real range, or tensor files already in the model's input layout (.npy float32/uint8, or .raw /
// .bin float32 little-endian with exactly the input's byte size; the pose app dumps crops).
//
// Arguments may be folders (their files, sorted by name, not recursive) or files. Unreadable or
// non-input files are skipped with a warning and counted; no usable input is an error. When more
// inputs exist than wanted, a seeded shuffle picks them (deterministic for a seed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tensor.h"
#include "quant/observers/range_observer.h"

namespace edgepose::quant {

struct CalibrationDataOptions {
  Shape input_shape;                 // [1, H, W, C] of the model input (NHWC)
  Range input_range = {0.f, 1.f};    // what a pixel of 0 / 255 becomes
  bool input_range_known = true;     // false: image files are refused (the range is a guess)
  int max_inputs = 100;              // <= 0: all
  uint32_t seed = 0;
};

struct CalibrationSample {
  std::string source;       // file path
  std::vector<float> data;  // NumElements(input_shape) floats
};

struct CalibrationSet {
  std::vector<CalibrationSample> samples;
  int skipped = 0;  // files that were not usable inputs
};

Result<CalibrationSet> LoadCalibrationSet(const std::vector<std::string>& paths,
                                          const CalibrationDataOptions& options);

// One image file letterboxed to the input shape; errors name the file.
Result<std::vector<float>> LoadImageInput(const std::string& path, const CalibrationDataOptions& options);
// One tensor file (.npy / .raw / .bin) checked against the input shape.
Result<std::vector<float>> LoadTensorInput(const std::string& path, const CalibrationDataOptions& options);

bool IsImagePath(const std::string& path);
bool IsTensorPath(const std::string& path);

}  // namespace edgepose::quant
