// The application around PosePipeline (`edgepose pose`): frames from a FrameSource through the
// pipeline and an optional rep counter into the outputs (annotated video or images, JSON Lines,
// a window), with a summary at the end.
//
// Threads: with `overlap` on, decoding, inference and output (drawing, encoding, JSON) run on
// three threads joined by small bounded queues, so a frame is decoded and the previous one
// encoded while the models run; `overlap` off runs the three steps one after another on the
// calling thread (same results, used to measure what the overlap buys).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "edgepose/status.h"
#include "pose/pipeline.h"

namespace edgepose::pose {

struct PoseRunOptions {
  std::string input;        // image, directory of images, video file, camera index or /dev/videoN
  std::string output;       // annotated .mp4/.avi/... video, image file (single image) or directory
  std::string json;         // JSON Lines file, "-" for stdout, empty for none
  std::string exercise;     // rep counting (exercise table name), empty for none
  std::string dump_crops;   // directory for each frame's model inputs (.npy)
  bool show = false;        // preview window (only when a display exists)
  bool overlap = true;
  int64_t max_frames = -1;  // stop after this many frames (<0: all)
};

struct StageMedians {
  double decode = 0, detector_pre = 0, detector = 0, detector_post = 0;
  double landmark_pre = 0, landmark = 0, landmark_post = 0, smoothing = 0;
  double pipeline = 0, output = 0;
};

struct PoseRunSummary {
  std::string input;
  int64_t frames = 0;
  int64_t frames_with_pose = 0;
  int64_t skipped_frames = 0;  // damaged frames / unreadable images skipped
  int64_t detector_runs = 0;
  // Frames that ended with a pose but needed the detector (first acquisition and re-acquisitions
  // after a lost track); while a person stays tracked the detector does not run.
  int64_t pose_frames_with_detector = 0;
  // From the first frame with a pose on: how often the detector still had to run (this includes
  // frames where nobody is in view, when the detector runs on every frame).
  int64_t first_pose_frame = -1;
  int64_t frames_after_first_pose = 0;
  int64_t detector_runs_after_first_pose = 0;
  double seconds = 0.0;  // wall clock from the first decode to the last output
  double fps = 0.0;
  bool overlap = true;
  int threads = 1;
  StageMedians median_ms;
  std::string exercise;
  std::optional<int> reps;
};

// Checks the options (exercise name, output kinds) before any model or file is touched.
Status ValidatePoseRunOptions(const PoseRunOptions& options);

Result<PoseRunSummary> RunPose(PosePipeline& pipeline, const PoseRunOptions& options,
                               int model_threads);

nlohmann::json SummaryToJson(const PoseRunSummary& summary);
std::string FormatSummary(const PoseRunSummary& summary);  // a few lines for stderr

}  // namespace edgepose::pose
