// edgepose pose: run the BlazePose pipeline on images, a video or a camera; write an annotated
// video or images, JSON Lines per frame, and a summary on stderr (pose/pose_runner.h).
#include <memory>
#include <string>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"
#include "pose/fitness/exercises.h"
#include "pose/pipeline.h"
#include "pose/pose_runner.h"

namespace edgepose::cli {
namespace {

struct PoseCommandOptions {
  pose::PoseRunOptions run;
  std::string detector = "models/pose_detection.tflite";
  std::string landmark = "models/pose_landmark_full.tflite";
  std::string summary;  // summary JSON file
  bool static_mode = false;
  bool no_smoothing = false;
  bool sequential = false;
  float min_detection_confidence = 0.5f;
  float min_presence = 0.5f;
  InterpreterOptions interpreter;
};

int RunPoseCommand(PoseCommandOptions& o) {
  o.run.overlap = !o.sequential;
  if (auto status = pose::ValidatePoseRunOptions(o.run); !status) {
    return ReportError(status.error().message);
  }
  pose::PoseOptions options;
  options.static_image_mode = o.static_mode;
  options.smooth_landmarks = !o.no_smoothing;
  options.min_detection_confidence = o.min_detection_confidence;
  options.min_presence = o.min_presence;
  options.interpreter = o.interpreter;
  auto pipeline = pose::PosePipeline::Create(o.detector, o.landmark, options);
  if (!pipeline) return ReportError(pipeline.error().message);
  // Without any output named, the JSON Lines go to stdout.
  if (o.run.output.empty() && o.run.json.empty() && !o.run.show) o.run.json = "-";
  auto summary = pose::RunPose(**pipeline, o.run, o.interpreter.num_threads);
  if (!summary) return ReportError(summary.error().message);
  if (GetLogLevel() != LogLevel::kError) std::fputs(pose::FormatSummary(*summary).c_str(), stderr);
  if (!o.summary.empty()) {
    if (auto status = WriteFileAtomic(o.summary, pose::SummaryToJson(*summary).dump(2) + "\n"); !status) {
      return ReportError(status.error().message);
    }
  }
  return kExitOk;
}

std::string ExerciseNames() {
  std::string names;
  for (const auto& row : pose::Exercises()) names += (names.empty() ? "" : "|") + std::string(row.name);
  return names;
}

CommandRegistration registration(
    "pose", "Run the BlazePose pipeline on images, a video or a camera", 50,
    [](CLI::App& command) -> std::function<int()> {
      auto o = std::make_shared<PoseCommandOptions>();
      command.add_option("--input", o->run.input,
                         "Image, directory of images, video file, camera index or /dev/videoN")
          ->required();
      command.add_option("--detector", o->detector, "Pose detector model")->capture_default_str();
      command.add_option("--landmark", o->landmark, "Pose landmark model")->capture_default_str();
      command.add_option("--output", o->run.output,
                         "Annotated output: video (.mp4/.avi/.mkv/.mov), image file (one image in) or directory");
      command.add_option("--json", o->run.json,
                         "JSON Lines, one object per frame ('-' = stdout; default stdout when no output is given)");
      command.add_option("--summary", o->summary, "Write the run summary as JSON here");
      command.add_option("--exercise", o->run.exercise, "Count repetitions: " + ExerciseNames());
      command.add_option("--dump-crops", o->run.dump_crops,
                         "Write each frame's detector and landmark input tensors as .npy here");
      command.add_flag("--static", o->static_mode, "Run the detector on every frame (no tracking)");
      command.add_flag("--no-smoothing", o->no_smoothing, "Disable landmark smoothing");
      command.add_flag("--show", o->run.show, "Preview window (only when DISPLAY is set; q quits)");
      command.add_flag("--sequential", o->sequential,
                       "Decode, infer and encode one after another (default: on three threads)");
      command.add_option("--min-detection-confidence", o->min_detection_confidence)->capture_default_str();
      command.add_option("--min-presence", o->min_presence, "Pose presence threshold")->capture_default_str();
      command.add_option("--max-frames", o->run.max_frames, "Stop after this many frames");
      AddRuntimeFlags(command, o->interpreter);
      return [o]() { return RunPoseCommand(*o); };
    });

}  // namespace
}  // namespace edgepose::cli
