#include "pose/pose_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <opencv2/highgui.hpp>

#include "core/npy.h"
#include "edgepose/log.h"
#include "pose/draw.h"
#include "pose/fitness/exercises.h"
#include "pose/frame_source.h"
#include "pose/outputs.h"
#include "pose/pose_json.h"

namespace edgepose::pose {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double MsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Blocking queue with a capacity; Close() wakes everyone, Pop() then drains what is left.
template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  bool Push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  bool closed_ = false;
};

bool IsImagePath(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp";
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

struct DecodedFrame {
  Frame frame;
  double decode_ms = 0;
};

struct ProcessedFrame {
  Frame frame;
  PoseResult result;
  OverlayText overlay;
  std::optional<nlohmann::json> reps;
};

Status DumpTensor(const std::string& path, const Tensor& tensor) {
  NpyArray array = MakeNpyArray(tensor.type, tensor.shape);
  if (array.data.size() != tensor.bytes) return MakeError(path + ": tensor size mismatch");
  std::copy_n(tensor.data, tensor.bytes, array.data.begin());
  return WriteNpy(path, array);
}

// Everything that happens to a processed frame: drawing, encoding, JSON, the window.
class OutputStage {
 public:
  OutputStage(const PoseRunOptions& options, const FrameSource& source)
      : options_(options), source_(source) {
    show_ = options.show;
    const char* display = std::getenv("DISPLAY");
    if (show_ && (display == nullptr || *display == '\0')) {
      EP_LOG_WARN("--show ignored: no display (DISPLAY is not set)");
      show_ = false;
    }
  }

  Status Open() {
    if (!options_.json.empty()) {
      EP_ASSIGN_OR_RETURN(json_, AtomicTextFile::Open(options_.json));
    }
    if (!options_.output.empty() && IsVideoPath(options_.output)) {
      video_ = std::make_unique<AtomicVideoWriter>(options_.output, source_.fps());
    }
    return Ok();
  }

  Status Write(ProcessedFrame& item) {
    const auto start = Clock::now();
    if (!options_.output.empty() || show_) {
      cv::Mat canvas = item.frame.bgr.clone();
      DrawPose(canvas, item.result, item.overlay);
      if (video_) {
        EP_RETURN_IF_ERROR(video_->Write(canvas));
      } else if (!options_.output.empty()) {
        EP_RETURN_IF_ERROR(WriteImage(item.frame, canvas));
      }
      if (show_) ShowFrame(canvas);
    }
    if (json_) {
      nlohmann::json line = PoseResultToJson(item.result, item.frame.index,
                                             item.frame.timestamp_us, item.frame.name);
      line["reps"] = item.reps ? *item.reps : nlohmann::json(nullptr);
      EP_RETURN_IF_ERROR(json_->Write(line.dump() + "\n"));
    }
    output_ms_.push_back(MsBetween(start, Clock::now()));
    return Ok();
  }

  Status Commit() {
    if (video_) EP_RETURN_IF_ERROR(video_->Commit());
    if (json_) EP_RETURN_IF_ERROR(json_->Commit());
    CloseWindow();
    return Ok();
  }

  // HighGUI (Qt) windows belong to the thread that opened them: Write and Commit run on one thread.
  void CloseWindow() {
    if (!window_open_) return;
    cv::destroyWindow(kWindowName);
    cv::waitKey(1);  // lets the GUI back end process the close
    window_open_ = false;
  }

  bool quit_requested() const { return quit_; }
  const std::vector<double>& output_ms() const { return output_ms_; }

 private:
  Status WriteImage(const Frame& frame, const cv::Mat& canvas) {
    // One image in, an image path out: write exactly there (atomically).
    if (!source_.is_video() && IsImagePath(options_.output) && !fs::is_directory(options_.output)) {
      const fs::path target(options_.output);
      const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
      return WriteAnnotatedImage(dir, target.filename().string(), canvas);
    }
    std::string name;
    if (source_.is_video()) {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "frame_%06lld.jpg", static_cast<long long>(frame.index));
      name = buffer;
    } else {
      name = fs::path(frame.name).stem().string() + ".jpg";
    }
    return WriteAnnotatedImage(options_.output, name, canvas);
  }

  void ShowFrame(const cv::Mat& canvas) {
    try {
      cv::imshow(kWindowName, canvas);
      window_open_ = true;
      const int key = cv::waitKey(1);
      if (key == 'q' || key == 27) quit_ = true;
    } catch (const std::exception& e) {
      EP_LOG_WARN("--show disabled: %s", e.what());
      show_ = false;
    }
  }

  static constexpr const char* kWindowName = "edgepose pose";
  const PoseRunOptions& options_;
  const FrameSource& source_;
  bool show_ = false;
  bool window_open_ = false;
  std::atomic<bool> quit_{false};
  std::unique_ptr<AtomicTextFile> json_;
  std::unique_ptr<AtomicVideoWriter> video_;
  std::vector<double> output_ms_;
};

// Inference on one frame plus everything that must happen in frame order on that thread.
class InferenceStage {
 public:
  InferenceStage(PosePipeline& pipeline, const PoseRunOptions& options, const FrameSource& source,
                 PoseRunSummary& summary)
      : pipeline_(pipeline), options_(options), source_(source), summary_(summary) {
    if (const ExerciseRow* row = FindExercise(options.exercise)) counter_.emplace(*row);
  }

  Result<ProcessedFrame> Process(DecodedFrame decoded) {
    decode_ms_.push_back(decoded.decode_ms);
    ProcessedFrame item;
    item.frame = std::move(decoded.frame);
    // Images of a directory are unrelated: each is processed on its own.
    if (!source_.is_video()) pipeline_.Reset();
    const int64_t runs_before = pipeline_.detector_runs();
    EP_ASSIGN_OR_RETURN(item.result, WithContext(pipeline_.Process(item.frame.bgr, item.frame.timestamp_us),
                                                 item.frame.name));
    const PoseResult& r = item.result;
    EP_RETURN_IF_ERROR(DumpCrops(item));
    Record(r, pipeline_.detector_runs() - runs_before);
    if (counter_) {
      if (r.pose_present) {
        Landmarks px = r.landmarks;
        for (Landmark& lm : px) lm.x *= r.image_width, lm.y *= r.image_height;
        counter_->Apply(px, r.world_landmarks);
      }
      item.overlay.reps = counter_->count();
      item.overlay.exercise = options_.exercise;
      item.reps = nlohmann::json{{"exercise", options_.exercise},
                                 {"count", counter_->count()},
                                 {"left", counter_->side_count(0)},
                                 {"right", counter_->side_count(1)},
                                 {"progress", counter_->progress()}};
    }
    // Frames/s shown on the frame: smoothed over the intervals between finished frames.
    const auto now = Clock::now();
    if (summary_.frames > 1) {
      const double interval = MsBetween(last_done_, now);
      interval_ms_ = interval_ms_ > 0 ? 0.9 * interval_ms_ + 0.1 * interval : interval;
      item.overlay.fps = interval_ms_ > 0 ? 1000.0 / interval_ms_ : 0.0;
    }
    last_done_ = now;
    return item;
  }

  void Finish(StageMedians& m) const {
    m.decode = Median(decode_ms_);
    m.detector_pre = Median(detector_pre_), m.detector = Median(detector_), m.detector_post = Median(detector_post_);
    m.landmark_pre = Median(landmark_pre_), m.landmark = Median(landmark_), m.landmark_post = Median(landmark_post_);
    m.smoothing = Median(smoothing_), m.pipeline = Median(total_);
    if (counter_) summary_.reps = counter_->count();
  }

 private:
  void Record(const PoseResult& r, int64_t detector_runs) {
    ++summary_.frames;
    if (r.pose_present) ++summary_.frames_with_pose;
    if (r.pose_present && detector_runs > 0) ++summary_.pose_frames_with_detector;
    summary_.detector_runs += detector_runs;
    if (summary_.first_pose_frame < 0 && r.pose_present) summary_.first_pose_frame = summary_.frames - 1;
    // Frames after the first pose: the detector should only rerun when the track is lost.
    if (summary_.first_pose_frame >= 0 && summary_.frames - 1 > summary_.first_pose_frame) {
      ++summary_.frames_after_first_pose;
      summary_.detector_runs_after_first_pose += detector_runs;
    }
    const StageTimes& t = r.times;
    if (r.detector_ran) {
      detector_pre_.push_back(t.detector_pre_ms), detector_.push_back(t.detector_ms);
      detector_post_.push_back(t.detector_post_ms);
    }
    if (r.roi.width > 0.0f) {
      landmark_pre_.push_back(t.landmark_pre_ms), landmark_.push_back(t.landmark_ms);
      landmark_post_.push_back(t.landmark_post_ms), smoothing_.push_back(t.smoothing_ms);
    }
    total_.push_back(t.total_ms);
  }

  Status DumpCrops(const ProcessedFrame& item) {
    if (options_.dump_crops.empty()) return Ok();
    char stem[32];
    std::snprintf(stem, sizeof(stem), "/%06lld", static_cast<long long>(item.frame.index));
    const std::string base = options_.dump_crops + stem;
    if (item.result.detector_ran) {
      EP_RETURN_IF_ERROR(DumpTensor(base + "_detector_input.npy", pipeline_.detector_input()));
    }
    if (item.result.roi.width > 0.0f) {
      EP_RETURN_IF_ERROR(DumpTensor(base + "_landmark_input.npy", pipeline_.landmark_input()));
    }
    return Ok();
  }

  PosePipeline& pipeline_;
  const PoseRunOptions& options_;
  const FrameSource& source_;
  PoseRunSummary& summary_;
  std::optional<RepCounter> counter_;
  Clock::time_point last_done_;
  double interval_ms_ = 0.0;
  std::vector<double> decode_ms_, detector_pre_, detector_, detector_post_;
  std::vector<double> landmark_pre_, landmark_, landmark_post_, smoothing_, total_;
};

Result<std::optional<DecodedFrame>> Decode(FrameSource& source) {
  const auto start = Clock::now();
  DecodedFrame decoded;
  EP_ASSIGN_OR_RETURN(bool more, source.Next(&decoded.frame));
  if (!more) return std::optional<DecodedFrame>();
  decoded.decode_ms = MsBetween(start, Clock::now());
  return std::optional<DecodedFrame>(std::move(decoded));
}

Status RunSequential(FrameSource& source, InferenceStage& inference, OutputStage& output,
                     int64_t max_frames) {
  for (int64_t n = 0; max_frames < 0 || n < max_frames; ++n) {
    EP_ASSIGN_OR_RETURN(auto decoded, Decode(source));
    if (!decoded) break;
    EP_ASSIGN_OR_RETURN(ProcessedFrame item, inference.Process(std::move(*decoded)));
    EP_RETURN_IF_ERROR(output.Write(item));
    if (output.quit_requested()) break;
  }
  return Ok();
}

Status RunOverlapped(FrameSource& source, InferenceStage& inference, OutputStage& output,
                     int64_t max_frames) {
  constexpr size_t kQueueDepth = 3;
  BoundedQueue<DecodedFrame> decoded_queue(kQueueDepth);
  BoundedQueue<ProcessedFrame> output_queue(kQueueDepth);
  std::atomic<bool> stop{false};
  Status decode_status = Ok(), output_status = Ok(), inference_status = Ok();

  std::thread decoder([&] {
    for (int64_t n = 0; !stop && (max_frames < 0 || n < max_frames); ++n) {
      auto decoded = Decode(source);
      if (!decoded) {
        decode_status = tl::make_unexpected(decoded.error());
        break;
      }
      if (!*decoded || !decoded_queue.Push(std::move(**decoded))) break;
    }
    decoded_queue.Close();
  });
  // Inference on a worker thread and output on this one: GUI back ends (the --show window) want
  // the thread that outlives them.
  std::thread inferrer([&] {
    while (auto decoded = decoded_queue.Pop()) {
      if (stop) break;
      auto item = inference.Process(std::move(*decoded));
      if (!item) {
        inference_status = tl::make_unexpected(item.error());
        break;
      }
      if (!output_queue.Push(std::move(*item))) break;
    }
    stop = true;
    decoded_queue.Close();
    output_queue.Close();
  });
  while (auto item = output_queue.Pop()) {
    if (auto status = output.Write(*item); !status) {
      output_status = status;
      break;
    }
    if (output.quit_requested()) break;
  }
  stop = true;  // a writer failure or a quit key ends the run
  output_queue.Close();
  decoded_queue.Close();
  decoder.join();
  inferrer.join();
  EP_RETURN_IF_ERROR(inference_status);
  EP_RETURN_IF_ERROR(decode_status);
  return output_status;
}

}  // namespace

Status ValidatePoseRunOptions(const PoseRunOptions& options) {
  if (!options.exercise.empty() && FindExercise(options.exercise) == nullptr) {
    std::string names;
    for (const ExerciseRow& row : Exercises()) names += (names.empty() ? "" : ", ") + std::string(row.name);
    return MakeError("--exercise " + options.exercise + ": unknown (one of " + names + ")");
  }
  if (!options.dump_crops.empty()) {
    std::error_code ec;
    fs::create_directories(options.dump_crops, ec);
    if (ec) return MakeError(options.dump_crops + ": " + ec.message());
  }
  return Ok();
}

Result<PoseRunSummary> RunPose(PosePipeline& pipeline, const PoseRunOptions& options,
                               int model_threads) {
  EP_RETURN_IF_ERROR(ValidatePoseRunOptions(options));
  EP_ASSIGN_OR_RETURN(auto source, FrameSource::Open(options.input));
  PoseRunSummary summary;
  summary.input = options.input;
  summary.overlap = options.overlap;
  summary.threads = model_threads;
  summary.exercise = options.exercise;
  OutputStage output(options, *source);
  EP_RETURN_IF_ERROR(output.Open());
  InferenceStage inference(pipeline, options, *source, summary);

  const auto start = Clock::now();
  EP_RETURN_IF_ERROR(options.overlap ? RunOverlapped(*source, inference, output, options.max_frames)
                                     : RunSequential(*source, inference, output, options.max_frames));
  if (summary.frames == 0) return MakeError(options.input + ": no frame could be read");
  EP_RETURN_IF_ERROR(output.Commit());
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.fps = summary.seconds > 0 ? summary.frames / summary.seconds : 0.0;
  summary.skipped_frames = source->skipped_frames();
  inference.Finish(summary.median_ms);
  summary.median_ms.output = Median(output.output_ms());
  return summary;
}

nlohmann::json SummaryToJson(const PoseRunSummary& s) {
  const StageMedians& m = s.median_ms;
  auto percent = [](int64_t a, int64_t b) { return b > 0 ? 100.0 * a / b : 0.0; };
  nlohmann::json json = {
      {"input", s.input},
      {"frames", s.frames},
      {"frames_with_pose", s.frames_with_pose},
      {"skipped_frames", s.skipped_frames},
      {"detector_runs", s.detector_runs},
      {"detector_percent", percent(s.detector_runs, s.frames)},
      {"pose_frames_with_detector", s.pose_frames_with_detector},
      {"detector_percent_of_pose_frames", percent(s.pose_frames_with_detector, s.frames_with_pose)},
      {"first_pose_frame", s.first_pose_frame},
      {"frames_after_first_pose", s.frames_after_first_pose},
      {"detector_runs_after_first_pose", s.detector_runs_after_first_pose},
      {"detector_percent_after_first_pose",
       percent(s.detector_runs_after_first_pose, s.frames_after_first_pose)},
      {"seconds", s.seconds},
      {"fps", s.fps},
      {"overlap", s.overlap},
      {"threads", s.threads},
      {"median_ms",
       {{"decode", m.decode}, {"detector_pre", m.detector_pre}, {"detector", m.detector},
        {"detector_post", m.detector_post}, {"landmark_pre", m.landmark_pre}, {"landmark", m.landmark},
        {"landmark_post", m.landmark_post}, {"smoothing", m.smoothing}, {"pipeline", m.pipeline},
        {"output", m.output}}}};
  json["exercise"] = s.exercise.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.exercise);
  json["reps"] = s.reps ? nlohmann::json(*s.reps) : nlohmann::json(nullptr);
  return json;
}

std::string FormatSummary(const PoseRunSummary& s) {
  const StageMedians& m = s.median_ms;
  char buffer[1536];
  const double detector_percent = s.frames > 0 ? 100.0 * s.detector_runs / s.frames : 0.0;
  const double tracked_percent = s.frames_after_first_pose > 0
                                     ? 100.0 * s.detector_runs_after_first_pose / s.frames_after_first_pose
                                     : 0.0;
  int n = std::snprintf(
      buffer, sizeof(buffer),
      "%s: %lld frames, %lld with a pose, %lld skipped (damaged)\n"
      "detector: %lld runs = %.1f %% of frames; on %lld of %lld frames with a pose = %.1f %%; after "
      "the first pose %lld of %lld frames = %.1f %%\n"
      "speed: %.2f frames/s over %.2f s (%s, %d model thread%s)\n"
      "median ms: decode %.2f | detector pre %.2f run %.2f post %.2f | landmark pre %.2f run %.2f "
      "post %.2f | smoothing %.2f | pipeline %.2f | output %.2f\n",
      s.input.c_str(), static_cast<long long>(s.frames), static_cast<long long>(s.frames_with_pose),
      static_cast<long long>(s.skipped_frames), static_cast<long long>(s.detector_runs), detector_percent,
      static_cast<long long>(s.pose_frames_with_detector), static_cast<long long>(s.frames_with_pose),
      s.frames_with_pose > 0 ? 100.0 * s.pose_frames_with_detector / s.frames_with_pose : 0.0,
      static_cast<long long>(s.detector_runs_after_first_pose),
      static_cast<long long>(s.frames_after_first_pose), tracked_percent, s.fps, s.seconds,
      s.overlap ? "decode/inference/output overlapped" : "sequential", s.threads, s.threads == 1 ? "" : "s",
      m.decode, m.detector_pre, m.detector, m.detector_post, m.landmark_pre, m.landmark, m.landmark_post,
      m.smoothing, m.pipeline, m.output);
  std::string text(buffer, std::max(0, std::min(n, static_cast<int>(sizeof(buffer)) - 1)));
  if (s.reps) text += s.exercise + ": " + std::to_string(*s.reps) + " reps\n";
  return text;
}

}  // namespace edgepose::pose
