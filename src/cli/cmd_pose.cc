// edgepose pose: run the BlazePose pipeline on images, a video or a camera and write one JSON
// object per frame (JSON Lines) to stdout or --output.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/command.h"
#include "core/npy.h"
#include "edgepose/file_io.h"
#include "edgepose/log.h"
#include "pose/frame_source.h"
#include "pose/pipeline.h"
#include "pose/pose_json.h"

namespace edgepose::cli {
namespace {

struct PoseCommandOptions {
  std::string input;
  std::string detector = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_detection.tflite";
  std::string landmark = std::string(EDGEPOSE_SOURCE_DIR) + "/models/pose_landmark_full.tflite";
  std::string output;  // empty: stdout
  std::string dump_crops;
  bool static_mode = false;
  bool no_smoothing = false;
  float min_detection_confidence = 0.5f;
  float min_presence = 0.5f;
  int threads = 1;
  std::string backend = "xnnpack";
  int64_t max_frames = -1;
};

Status DumpTensor(const std::string& path, const Tensor& tensor) {
  NpyArray array = MakeNpyArray(tensor.type, tensor.shape);
  if (array.data.size() != tensor.bytes) return MakeError(path + ": tensor size mismatch");
  std::copy_n(tensor.data, tensor.bytes, array.data.begin());
  return WriteNpy(path, array);
}

int RunPose(const PoseCommandOptions& o) {
  pose::PoseOptions options;
  options.static_image_mode = o.static_mode;
  options.smooth_landmarks = !o.no_smoothing;
  options.min_detection_confidence = o.min_detection_confidence;
  options.min_presence = o.min_presence;
  options.interpreter.num_threads = o.threads;
  options.interpreter.backend = o.backend == "reference" ? Backend::kReference : Backend::kXnnpack;
  auto pipeline = pose::PosePipeline::Create(o.detector, o.landmark, options);
  if (!pipeline) {
    EP_LOG_ERROR("%s", pipeline.error().message.c_str());
    return kExitFailure;
  }
  auto source = pose::FrameSource::Open(o.input);
  if (!source) {
    EP_LOG_ERROR("%s", source.error().message.c_str());
    return kExitFailure;
  }
  if (!o.dump_crops.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.dump_crops, ec);
    if (ec) {
      EP_LOG_ERROR("%s: %s", o.dump_crops.c_str(), ec.message().c_str());
      return kExitFailure;
    }
  }
  std::string lines;  // written atomically at the end when --output is a file
  int64_t frames = 0, with_pose = 0;
  pose::Frame frame;
  while (o.max_frames < 0 || frames < o.max_frames) {
    auto more = (*source)->Next(&frame);
    if (!more) {
      EP_LOG_ERROR("%s", more.error().message.c_str());
      return kExitFailure;
    }
    if (!*more) break;
    // Images of a directory are unrelated: process each on its own.
    if (!(*source)->is_video()) (*pipeline)->Reset();
    auto result = (*pipeline)->Process(frame.bgr, frame.timestamp_us);
    if (!result) {
      EP_LOG_ERROR("%s: %s", frame.name.c_str(), result.error().message.c_str());
      return kExitFailure;
    }
    if (!o.dump_crops.empty()) {
      char stem[64];
      std::snprintf(stem, sizeof(stem), "/%06lld", static_cast<long long>(frame.index));
      const std::string base = o.dump_crops + stem;
      Status status = Ok();
      if (result->detector_ran) {
        status = DumpTensor(base + "_detector_input.npy", (*pipeline)->detector_input());
      }
      if (status && result->roi.width > 0.0f) {
        status = DumpTensor(base + "_landmark_input.npy", (*pipeline)->landmark_input());
      }
      if (!status) {
        EP_LOG_ERROR("%s", status.error().message.c_str());
        return kExitFailure;
      }
    }
    const std::string line =
        pose::PoseResultToJson(*result, frame.index, frame.timestamp_us, frame.name).dump() + "\n";
    if (o.output.empty()) {
      std::fputs(line.c_str(), stdout);
      std::fflush(stdout);
    } else {
      lines += line;
    }
    ++frames;
    with_pose += result->pose_present ? 1 : 0;
  }
  if (!o.output.empty()) {
    Status status = WriteFileAtomic(o.output, lines);
    if (!status) {
      EP_LOG_ERROR("%s", status.error().message.c_str());
      return kExitFailure;
    }
  }
  EP_LOG_INFO("%lld frames, %lld with a pose, %lld detector runs", static_cast<long long>(frames),
              static_cast<long long>(with_pose),
              static_cast<long long>((*pipeline)->detector_runs()));
  return kExitOk;
}

CommandRegistration registration(
    "pose", "Run the BlazePose pipeline on images, a video or a camera (JSON Lines)", 50,
    [](CLI::App& command) -> std::function<int()> {
      auto o = std::make_shared<PoseCommandOptions>();
      command.add_option("--input", o->input, "Image, directory of images, video file or camera index")
          ->required();
      command.add_option("--detector", o->detector, "Pose detector model")->capture_default_str();
      command.add_option("--landmark", o->landmark, "Pose landmark model")->capture_default_str();
      command.add_option("--output", o->output, "Write JSON Lines here instead of stdout");
      command.add_option("--dump-crops", o->dump_crops,
                         "Write each frame's detector and landmark input tensors as .npy here");
      command.add_flag("--static", o->static_mode, "Run the detector on every frame (no tracking)");
      command.add_flag("--no-smoothing", o->no_smoothing, "Disable landmark smoothing");
      command.add_option("--min-detection-confidence", o->min_detection_confidence)
          ->capture_default_str();
      command.add_option("--min-presence", o->min_presence, "Pose presence threshold")
          ->capture_default_str();
      command.add_option("--threads", o->threads, "Threads per model")->capture_default_str();
      command.add_option("--backend", o->backend, "xnnpack or reference")
          ->check(CLI::IsMember({"xnnpack", "reference"}))
          ->capture_default_str();
      command.add_option("--max-frames", o->max_frames, "Stop after this many frames");
      return [o]() { return RunPose(*o); };
    });

}  // namespace
}  // namespace edgepose::cli
