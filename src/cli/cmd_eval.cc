// edgepose eval: PCK of the pose pipeline against COCO-style keypoint ground truth, detection
// recall, and the landmark distance between two model sets (eval/pose_eval.h).
#include <filesystem>
#include <memory>
#include <string>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"
#include "eval/pose_eval.h"
#include "pose/pipeline.h"

namespace edgepose::cli {
namespace {

struct EvalCommandOptions {
  std::string annotations;
  std::string images;  // default: the annotation file's folder
  std::string detector = "models/pose_detection.tflite";
  std::string landmark = "models/pose_landmark_full.tflite";
  std::string against_detector;
  std::string against_landmark;
  std::string predictions;  // MediaPipe-format answers to score instead of running models
  std::string json;
  bool no_fallback = false;
  eval::PoseEvalOptions eval;
  InterpreterOptions interpreter;
};

Result<eval::ModelSetEval> EvaluateModels(const EvalCommandOptions& o, const std::string& detector,
                                          const std::string& landmark,
                                          const std::vector<eval::GroundTruthImage>& images) {
  pose::PoseOptions options;
  options.static_image_mode = true;
  options.smooth_landmarks = false;
  options.interpreter = o.interpreter;
  EP_ASSIGN_OR_RETURN(auto pipeline, pose::PosePipeline::Create(detector, landmark, options));
  const std::string label = std::filesystem::path(detector).filename().string() + " + " +
                            std::filesystem::path(landmark).filename().string();
  return eval::EvaluatePipeline(*pipeline, images, o.images, o.eval, label);
}

int RunEval(EvalCommandOptions& o) {
  o.eval.ground_truth_fallback = !o.no_fallback;
  auto images = eval::LoadCocoKeypoints(o.annotations);
  if (!images) return ReportError(images.error().message);
  if (o.images.empty()) {
    const auto parent = std::filesystem::path(o.annotations).parent_path();
    o.images = parent.empty() ? "." : parent.string();
  }
  auto primary = o.predictions.empty() ? EvaluateModels(o, o.detector, o.landmark, *images)
                                       : eval::EvaluatePredictions(o.predictions, *images, o.eval);
  if (!primary) return ReportError(primary.error().message);
  nlohmann::json report = {{"annotations", o.annotations}, {"primary", eval::EvalToJson(*primary)}};
  std::string text = eval::FormatEval(*primary);

  if (!o.against_detector.empty() || !o.against_landmark.empty()) {
    const std::string detector = o.against_detector.empty() ? o.detector : o.against_detector;
    const std::string landmark = o.against_landmark.empty() ? o.landmark : o.against_landmark;
    auto other = EvaluateModels(o, detector, landmark, *images);
    if (!other) return ReportError(other.error().message);
    const auto comparison = eval::ComparePoses(*primary, *other, *images);
    report["against"] = eval::EvalToJson(*other);
    report["distance"] = eval::ComparisonToJson(comparison);
    text += eval::FormatEval(*other) + eval::FormatComparison(comparison);
  }
  if (!o.json.empty()) {
    if (auto status = WriteFileAtomic(o.json, report.dump(2) + "\n"); !status) {
      return ReportError(status.error().message);
    }
  }
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

CommandRegistration registration(
    "eval", "PCK of the pose pipeline against COCO keypoint ground truth; compare model sets", 60,
    [](CLI::App& command) -> std::function<int()> {
      auto o = std::make_shared<EvalCommandOptions>();
      command.add_option("--annotations", o->annotations, "COCO person-keypoints JSON")->required();
      command.add_option("--images", o->images, "Image folder (default: the annotation file's)");
      command.add_option("--detector", o->detector, "Pose detector model")->capture_default_str();
      command.add_option("--landmark", o->landmark, "Pose landmark model")->capture_default_str();
      command.add_option("--against-detector", o->against_detector, "Second set: detector");
      command.add_option("--against-landmark", o->against_landmark, "Second set: landmark model");
      command.add_option("--predictions", o->predictions,
                         "Score saved MediaPipe-format answers instead of running the models");
      command.add_option("--json", o->json, "Write the full report (per keypoint, per dataset) here");
      command.add_option("--alpha", o->eval.alpha, "PCK threshold as a fraction of the size")
          ->check(CLI::Range(0.0, 10.0))
          ->capture_default_str();
      command.add_option("--min-iou", o->eval.min_iou, "Pose box vs ground-truth box to match")
          ->capture_default_str();
      command.add_flag("--no-fallback", o->no_fallback,
                       "Do not rerun the landmark model from ground-truth boxes the detector missed");
      AddRuntimeFlags(command, o->interpreter);
      return [o]() { return RunEval(*o); };
    });

}  // namespace
}  // namespace edgepose::cli
