#include "pose/pipeline.h"

#include <chrono>
#include <string>

#include <filesystem>

#include "edgepose/model.h"
#include "model/passes/fold_constants.h"
#include "quant/quantizer.h"
#include "pose/anchors.h"
#include "pose/filters/landmarks_smoother.h"
#include "pose/model_heads.h"
#include "pose/model_inputs.h"
#include "pose/landmarks.h"
#include "pose/roi.h"
#include "pose/tracker.h"

namespace edgepose::pose {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Status CheckImageInput(const Tensor& tensor, const std::string& model) {
  if (tensor.rank() != 4 || tensor.dim(0) != 1 || tensor.dim(3) != 3 || tensor.dim(1) <= 0 ||
      tensor.dim(2) <= 0) {
    return MakeError(model + ": input " + ShapeToString(tensor.shape) + " is not 1xHxWx3");
  }
  if (tensor.type != DType::kFloat32 && tensor.type != DType::kInt8 &&
      tensor.type != DType::kUInt8) {
    return MakeError(model + ": input dtype " + DTypeName(tensor.type) + " is not supported");
  }
  if (tensor.type != DType::kFloat32 && (tensor.quant.empty() || tensor.quant.per_channel())) {
    return MakeError(model + ": 8-bit input needs per-tensor quantization");
  }
  return Ok();
}

// A model written by `edgepose quantize` records the real value range its input was quantized
// for (metadata "edgepose.heads", inputs[0].range); it replaces the default range.
void ApplyRecordedInputRange(const Model& model, float* range_min, float* range_max) {
  const nlohmann::json heads = quant::ReadHeadsMetadata(model.ir());
  if (!heads.is_object() || !heads.contains("inputs") || !heads["inputs"].is_array() ||
      heads["inputs"].empty()) {
    return;
  }
  const nlohmann::json& input = heads["inputs"][0];
  if (!input.is_object() || !input.contains("range")) return;
  const nlohmann::json& range = input["range"];
  if (range.is_array() && range.size() == 2 && range[0].is_number() && range[1].is_number() &&
      range[0].get<float>() < range[1].get<float>()) {
    *range_min = range[0].get<float>();
    *range_max = range[1].get<float>();
  }
}

// Loads a model with its weight decompression (FLOAT16 DEQUANTIZE, DENSIFY of sparse weights)
// folded into float32 constants: the same values the interpreter would compute at Create, but
// it no longer needs a kernel for those ops (the detector's 38 DENSIFY ops have none yet).
Result<std::unique_ptr<Model>> LoadFolded(const std::string& path) {
  EP_ASSIGN_OR_RETURN(Model model, Model::Load(ResolveModelPath(path)));
  EP_RETURN_IF_ERROR(WithContext(model::FoldConstants(model), path));
  return std::make_unique<Model>(std::move(model));
}

}  // namespace

std::string ResolveModelPath(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) || std::filesystem::path(path).is_absolute()) return path;
  const std::string in_source = std::string(EDGEPOSE_SOURCE_DIR) + "/" + path;
  return std::filesystem::exists(in_source, ec) ? in_source : path;
}

Result<std::vector<float>> TensorToFloats(const Tensor& tensor) {
  const int64_t n = tensor.num_elements();
  if (n < 0 || tensor.data == nullptr) return MakeError("tensor " + tensor.name + ": no data");
  std::vector<float> out(static_cast<size_t>(n));
  switch (tensor.type) {
    case DType::kFloat32:
      if (tensor.bytes < out.size() * 4) return MakeError("tensor " + tensor.name + ": short");
      std::copy_n(tensor.data_as<float>(), out.size(), out.begin());
      return out;
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kInt16: {
      // Quantized heads (edgepose quantize: int8 by default, int16 for 16x8 heads).
      if (tensor.quant.empty()) {
        return MakeError("tensor " + tensor.name + ": integer output without quantization");
      }
      if (tensor.bytes < out.size() * DTypeSize(tensor.type)) {
        return MakeError("tensor " + tensor.name + ": short");
      }
      const float scale = tensor.quant.scale[0];
      const int64_t zero = tensor.quant.zero_point.empty() ? 0 : tensor.quant.zero_point[0];
      for (size_t i = 0; i < out.size(); ++i) {
        const int64_t q = tensor.type == DType::kInt8    ? tensor.data_as<int8_t>()[i]
                          : tensor.type == DType::kUInt8 ? tensor.data_as<uint8_t>()[i]
                                                         : tensor.data_as<int16_t>()[i];
        out[i] = scale * static_cast<float>(q - zero);
      }
      return out;
    }
    default:
      return MakeError("tensor " + tensor.name + ": dtype " + DTypeName(tensor.type) +
                       " cannot be read as floats");
  }
}

class PosePipeline::Impl {
 public:
  PoseOptions options;
  std::unique_ptr<Model> detector_model;
  std::unique_ptr<Model> landmark_model;
  std::unique_ptr<Interpreter> detector;
  std::unique_ptr<Interpreter> landmark;
  DetectorHeads detector_heads;
  LandmarkHeads landmark_heads;
  std::vector<Anchor> anchors;
  PoseTracker tracker;
  LandmarksSmoother pose_smoother{PoseLandmarkSmoothing()};
  LandmarksSmoother aux_smoother{AuxiliaryLandmarkSmoothing()};
  LandmarksSmoother world_smoother{WorldLandmarkSmoothing()};
  std::string detector_name;
  std::string landmark_name;

  Status RunDetector(const cv::Mat& bgr, PoseResult& result);
  // `track`: feed the tracker and the smoothing filters (off for ProcessRoi).
  Status RunLandmarks(const cv::Mat& bgr, int64_t timestamp_us, bool track, PoseResult& result);
  void ResetFilters() {
    pose_smoother.Reset();
    aux_smoother.Reset();
    world_smoother.Reset();
  }
};

Status PosePipeline::Impl::RunDetector(const cv::Mat& bgr, PoseResult& result) {
  auto start = Clock::now();
  Tensor& input = detector->input(0);
  ImageToTensorOptions crop = DetectorInputOptions();
  crop.output_height = input.dim(1);
  crop.output_width = input.dim(2);
  crop.range_min = options.detector_range_min;
  crop.range_max = options.detector_range_max;
  PixelRect rect = image::WholeImageRect(bgr.cols, bgr.rows);
  const LetterboxPadding padding =
      image::PadRoi(crop.output_width, crop.output_height, crop.keep_aspect_ratio, &rect);
  EP_RETURN_IF_ERROR(
      WithContext(image::ImageToTensor(bgr, rect, crop, image::DestinationFor(input)), detector_name));
  result.times.detector_pre_ms = MsSince(start);

  start = Clock::now();
  EP_RETURN_IF_ERROR(WithContext(detector->Invoke(), detector_name));
  tracker.CountDetectorRun();
  result.detector_ran = true;
  result.times.detector_ms = MsSince(start);

  start = Clock::now();
  EP_ASSIGN_OR_RETURN(auto boxes, ReadHead(*detector, detector_heads.boxes));
  EP_ASSIGN_OR_RETURN(auto scores, ReadHead(*detector, detector_heads.scores));
  DetectionDecodeOptions decode;
  decode.min_score_thresh = options.min_detection_confidence;
  decode.x_scale = decode.w_scale = static_cast<float>(crop.output_width);
  decode.y_scale = decode.h_scale = static_cast<float>(crop.output_height);
  EP_ASSIGN_OR_RETURN(auto detections,
                      WithContext(DecodeDetections(boxes.data(), boxes.size(), scores.data(),
                                                   scores.size(), anchors, decode),
                                  detector_name));
  const auto kept = WeightedNonMaxSuppression(detections);
  for (const Detection& detection : kept) result.detections.push_back(RemoveLetterbox(detection, padding));
  if (!kept.empty()) result.detection = result.detections.front();
  result.times.detector_post_ms = MsSince(start);
  return Ok();
}

Status PosePipeline::Impl::RunLandmarks(const cv::Mat& bgr, int64_t timestamp_us, bool track,
                                        PoseResult& result) {
  auto start = Clock::now();
  Tensor& input = landmark->input(0);
  ImageToTensorOptions crop = LandmarkInputOptions();
  crop.output_height = input.dim(1);
  crop.output_width = input.dim(2);
  crop.range_min = options.landmark_range_min;
  crop.range_max = options.landmark_range_max;
  PixelRect rect = ToPixelRect(result.roi, bgr.cols, bgr.rows);
  const LetterboxPadding padding =
      image::PadRoi(crop.output_width, crop.output_height, crop.keep_aspect_ratio, &rect);
  EP_RETURN_IF_ERROR(
      WithContext(image::ImageToTensor(bgr, rect, crop, image::DestinationFor(input)), landmark_name));
  result.times.landmark_pre_ms = MsSince(start);

  start = Clock::now();
  EP_RETURN_IF_ERROR(WithContext(landmark->Invoke(), landmark_name));
  result.times.landmark_ms = MsSince(start);

  start = Clock::now();
  EP_ASSIGN_OR_RETURN(auto presence, ReadHead(*landmark, landmark_heads.presence));
  result.pose_presence = presence.empty() ? 0.0f : presence[0];
  result.pose_present = result.pose_presence > options.min_presence;
  if (!result.pose_present) {
    if (track) {
      tracker.Apply(result.pose_presence, {}, bgr.cols, bgr.rows);
      ResetFilters();
    }
    result.times.landmark_post_ms = MsSince(start);
    return Ok();
  }
  EP_ASSIGN_OR_RETURN(auto raw, ReadHead(*landmark, landmark_heads.landmarks));
  LandmarkDecodeOptions decode;
  decode.input_width = crop.output_width;
  decode.input_height = crop.output_height;
  EP_ASSIGN_OR_RETURN(Landmarks crop_landmarks,
                      WithContext(DecodeLandmarks(raw.data(), raw.size(), decode), landmark_name));
  if (landmark_heads.heatmap.found()) {
    const Shape& shape = landmark_heads.heatmap.head.shape;  // [1, H, W, landmarks]
    EP_ASSIGN_OR_RETURN(auto heatmap, ReadHead(*landmark, landmark_heads.heatmap));
    EP_RETURN_IF_ERROR(WithContext(
        RefineLandmarksWithHeatmap(&crop_landmarks, heatmap.data(), heatmap.size(), static_cast<int>(shape[1]),
                                   static_cast<int>(shape[2]), static_cast<int>(shape[3]), decode),
        landmark_name));
  }
  const Landmarks all =
      ProjectLandmarks(RemoveLandmarkLetterbox(crop_landmarks, padding), result.roi);
  if (all.size() <= static_cast<size_t>(kAuxScaleLandmark)) {
    return MakeError(landmark_name + ": model gives " + std::to_string(all.size()) +
                     " landmarks, need 35");
  }
  result.landmarks.assign(all.begin(), all.begin() + kNumPoseLandmarks);
  result.auxiliary.assign(all.begin() + kAuxCenterLandmark, all.begin() + kAuxScaleLandmark + 1);
  if (landmark_heads.world.found()) {
    EP_ASSIGN_OR_RETURN(auto world_raw, ReadHead(*landmark, landmark_heads.world));
    EP_ASSIGN_OR_RETURN(Landmarks world,
                        WithContext(DecodeWorldLandmarks(world_raw.data(), world_raw.size(),
                                                         result.roi, crop_landmarks,
                                                         static_cast<int>(all.size())),
                                    landmark_name));
    world.resize(kNumPoseLandmarks);
    result.world_landmarks = std::move(world);
  }
  result.times.landmark_post_ms = MsSince(start);
  if (!track) return Ok();

  start = Clock::now();
  if (options.smooth_landmarks && !options.static_image_mode) {
    const int w = bgr.cols, h = bgr.rows;
    // OBJECT_SCALE_ROI: the unscaled alignment rect of the raw auxiliary landmarks.
    const NormalizedRect aux_rect =
        AlignmentRect({result.auxiliary[0].x, result.auxiliary[0].y},
                      {result.auxiliary[1].x, result.auxiliary[1].y}, w, h, 90.0f);
    const float scale = ObjectScale(aux_rect, w, h);
    result.landmarks = pose_smoother.Apply(result.landmarks, w, h, timestamp_us, scale);
    result.auxiliary = aux_smoother.Apply(result.auxiliary, w, h, timestamp_us, scale);
    if (!result.world_landmarks.empty()) {
      result.world_landmarks = world_smoother.Apply(result.world_landmarks, 1, 1, timestamp_us);
    }
  }
  Landmarks for_tracking(kAuxScaleLandmark + 1);
  for_tracking[kAuxCenterLandmark] = result.auxiliary[0];
  for_tracking[kAuxScaleLandmark] = result.auxiliary[1];
  tracker.Apply(result.pose_presence, for_tracking, bgr.cols, bgr.rows);
  result.times.smoothing_ms = MsSince(start);
  return Ok();
}

PosePipeline::PosePipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PosePipeline::~PosePipeline() = default;

Result<std::unique_ptr<PosePipeline>> PosePipeline::Create(const std::string& detector_path,
                                                           const std::string& landmark_path,
                                                           const PoseOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->detector_name = detector_path;
  impl->landmark_name = landmark_path;
  TrackerOptions tracker_options;
  tracker_options.static_image_mode = options.static_image_mode;
  tracker_options.presence_threshold = options.min_presence;
  impl->tracker = PoseTracker(tracker_options);

  EP_ASSIGN_OR_RETURN(impl->detector_model, LoadFolded(detector_path));
  ApplyRecordedInputRange(*impl->detector_model, &impl->options.detector_range_min,
                          &impl->options.detector_range_max);
  EP_ASSIGN_OR_RETURN(impl->detector_heads, FindDetectorHeads(*impl->detector_model, detector_path));
  EP_ASSIGN_OR_RETURN(impl->detector, Interpreter::Create(*impl->detector_model, options.interpreter));
  DetectorHeads& detector_heads = impl->detector_heads;
  EP_RETURN_IF_ERROR(BindHeads(*impl->detector, {&detector_heads.boxes, &detector_heads.scores}, detector_path));

  EP_ASSIGN_OR_RETURN(impl->landmark_model, LoadFolded(landmark_path));
  ApplyRecordedInputRange(*impl->landmark_model, &impl->options.landmark_range_min,
                          &impl->options.landmark_range_max);
  EP_ASSIGN_OR_RETURN(impl->landmark_heads, FindLandmarkHeads(*impl->landmark_model, landmark_path));
  LandmarkHeads& landmark_heads = impl->landmark_heads;
  std::vector<HeadReader*> read = {&landmark_heads.landmarks, &landmark_heads.presence};
  if (landmark_heads.heatmap.found()) read.push_back(&landmark_heads.heatmap);
  if (landmark_heads.world.found()) read.push_back(&landmark_heads.world);
  EP_RETURN_IF_ERROR(WithContext(
      PruneUnreadOutputs(*impl->landmark_model, std::vector<const HeadReader*>(read.begin(), read.end())),
      landmark_path));
  EP_ASSIGN_OR_RETURN(impl->landmark, Interpreter::Create(*impl->landmark_model, options.interpreter));
  EP_RETURN_IF_ERROR(BindHeads(*impl->landmark, read, landmark_path));

  if (impl->detector->input_count() < 1 || impl->landmark->input_count() < 1) {
    return MakeError("pose pipeline: a model has no input");
  }
  EP_RETURN_IF_ERROR(CheckImageInput(impl->detector->input(0), detector_path));
  EP_RETURN_IF_ERROR(CheckImageInput(impl->landmark->input(0), landmark_path));

  AnchorOptions anchor_options;
  anchor_options.input_size_height = impl->detector->input(0).dim(1);
  anchor_options.input_size_width = impl->detector->input(0).dim(2);
  EP_ASSIGN_OR_RETURN(impl->anchors, GenerateAnchors(anchor_options));
  const int64_t boxes = detector_heads.boxes.head.shape[1];
  if (static_cast<size_t>(boxes) != impl->anchors.size()) {
    return MakeError(detector_path + ": " + std::to_string(boxes) + " boxes but " +
                     std::to_string(impl->anchors.size()) + " anchors");
  }

  return std::unique_ptr<PosePipeline>(new PosePipeline(std::move(impl)));
}

Result<PoseResult> PosePipeline::Process(const cv::Mat& bgr, int64_t timestamp_us) {
  if (bgr.empty() || bgr.type() != CV_8UC3) {
    return MakeError("pose pipeline: frame must be a non-empty 8-bit BGR image");
  }
  const auto start = Clock::now();
  PoseResult result;
  result.image_width = bgr.cols;
  result.image_height = bgr.rows;
  Impl& s = *impl_;
  if (s.tracker.NeedsDetection()) {
    EP_RETURN_IF_ERROR(s.RunDetector(bgr, result));
    if (!result.detection) {
      s.ResetFilters();
      result.times.total_ms = MsSince(start);
      return result;
    }
    result.roi = RoiFromDetection(*result.detection, bgr.cols, bgr.rows);
  } else {
    result.roi = *s.tracker.tracked_roi();
  }
  if (!(result.roi.width > 0.0f) || !(result.roi.height > 0.0f)) {
    s.tracker.Reset();
    result.times.total_ms = MsSince(start);
    return result;
  }
  EP_RETURN_IF_ERROR(s.RunLandmarks(bgr, timestamp_us, /*track=*/true, result));
  result.times.total_ms = MsSince(start);
  return result;
}

Result<PoseResult> PosePipeline::ProcessRoi(const cv::Mat& bgr, const NormalizedRect& roi) {
  if (bgr.empty() || bgr.type() != CV_8UC3) {
    return MakeError("pose pipeline: frame must be a non-empty 8-bit BGR image");
  }
  if (!(roi.width > 0.0f) || !(roi.height > 0.0f)) return MakeError("pose pipeline: empty region");
  const auto start = Clock::now();
  PoseResult result;
  result.image_width = bgr.cols;
  result.image_height = bgr.rows;
  result.roi = roi;
  EP_RETURN_IF_ERROR(impl_->RunLandmarks(bgr, 0, /*track=*/false, result));
  result.times.total_ms = MsSince(start);
  return result;
}

void PosePipeline::Reset() {
  impl_->tracker.Reset();
  impl_->ResetFilters();
}

int64_t PosePipeline::detector_runs() const { return impl_->tracker.detector_runs(); }
const Tensor& PosePipeline::detector_input() const { return impl_->detector->input(0); }
const Tensor& PosePipeline::landmark_input() const { return impl_->landmark->input(0); }

}  // namespace edgepose::pose
