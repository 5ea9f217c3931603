// The BlazePose pipeline in plain C++: detector -> ROI -> landmark model -> decoding ->
// optional smoothing -> tracking ROI for the next frame, as MediaPipe's pose_landmark_cpu.pbtxt
// (with pose_detection_cpu.pbtxt and pose_landmark_by_roi_cpu.pbtxt). Each model's input
// dtype and quantization are read from the interpreter, so float, int8 and uint8 variants
// all work. Frame I/O stays with the caller.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "edgepose/interpreter.h"
#include "edgepose/status.h"
#include "pose/detection.h"
#include "pose/types.h"

namespace edgepose::pose {

struct PoseOptions {
  bool static_image_mode = false;  // detector on every frame, no tracking
  bool smooth_landmarks = true;    // ignored in static mode (as MediaPipe's solution)
  float min_detection_confidence = 0.5f;
  float min_presence = 0.5f;  // pose presence threshold (tracking and output)
  // Value ranges the models were trained on (MediaPipe's float models); an 8-bit input tensor
  // quantizes these values with its own scale/zero point.
  float detector_range_min = -1.0f;
  float detector_range_max = 1.0f;
  float landmark_range_min = 0.0f;
  float landmark_range_max = 1.0f;
  InterpreterOptions interpreter;
};

struct StageTimes {
  double detector_pre_ms = 0, detector_ms = 0, detector_post_ms = 0;
  double landmark_pre_ms = 0, landmark_ms = 0, landmark_post_ms = 0;
  double smoothing_ms = 0, total_ms = 0;
};

struct PoseResult {
  int image_width = 0;
  int image_height = 0;
  bool detector_ran = false;
  std::optional<Detection> detection;  // image-normalized, when the detector ran and found one
  std::vector<Detection> detections;   // every detection kept by NMS, best first (detector ran)
  bool pose_present = false;
  float pose_presence = 0.0f;
  NormalizedRect roi;            // crop fed to the landmark model (valid when a crop was made)
  Landmarks landmarks;           // 33, image-normalized (x, y), z like x; empty without pose
  Landmarks world_landmarks;     // 33, metres, origin between the hips
  Landmarks auxiliary;           // 2 ROI landmarks (33, 34)
  StageTimes times;
};

class PosePipeline {
 public:
  static Result<std::unique_ptr<PosePipeline>> Create(const std::string& detector_path,
                                                      const std::string& landmark_path,
                                                      const PoseOptions& options = {});
  ~PosePipeline();

  // `bgr` is an 8-bit 3-channel frame; timestamps (microseconds) drive the smoothing filters.
  Result<PoseResult> Process(const cv::Mat& bgr, int64_t timestamp_us);
  void Reset();  // forget the tracked pose and filter state

  // The landmark model on a given region only (no detector, tracking or smoothing; the
  // tracked state is left alone). Used by evaluation for every detection and for ground-truth
  // boxes the detector missed.
  Result<PoseResult> ProcessRoi(const cv::Mat& bgr, const NormalizedRect& roi);

  int64_t detector_runs() const;
  // The model inputs of the last Process call (what --dump-crops writes).
  const Tensor& detector_input() const;
  const Tensor& landmark_input() const;

  class Impl;

 private:
  explicit PosePipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Output tensor as floats: float32 copied, int8/uint8/int16 dequantized per tensor.
Result<std::vector<float>> TensorToFloats(const Tensor& tensor);

// A relative model path ("models/pose_detection.tflite") as given when it exists from the
// working directory, else the same path under the source tree when that exists.
std::string ResolveModelPath(const std::string& path);

}  // namespace edgepose::pose
