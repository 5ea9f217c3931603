// `edgepose pose` as a user runs it: outputs written and complete (annotated image/video, JSON
// Lines with 33 landmarks, summary), one-line errors with exit code 1 for unreadable input, a
// damaged frame in the middle of a video skipped and counted, and no temporary files left
// behind. Model-dependent tests skip without models.
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "common/cli_run.h"
#include "common/test_paths.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

class PoseCliTest : public ScratchDirTest {
 protected:
  // `launcher` goes before the binary (e.g. "xvfb-run -a").
  CliRun Pose(const std::string& args, const std::string& launcher = "") {
    return RunCli("pose " + args, dir_, launcher);
  }
  std::string Models() const {
    return " --detector " + ModelPath("pose_detection") + " --landmark " + ModelPath("pose_landmark_full");
  }
  // Files whose name marks them as a temporary of an atomic write.
  std::vector<std::string> Temporaries() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (entry.path().filename().string().find(".tmp") != std::string::npos) found.push_back(entry.path());
    }
    return found;
  }
};

constexpr const char* kMessi = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";

// Skips the test, with the reason, without Debian's messi5.jpg or either float model.
#define EP_REQUIRE_MESSI_AND_MODELS()                                                       \
  do {                                                                                      \
    if (!fs::exists(kMessi)) GTEST_SKIP() << kMessi << " absent (Debian package opencv-doc)"; \
    EP_REQUIRE_MODEL_FILE(ModelPath("pose_detection"));                                     \
    EP_REQUIRE_MODEL_FILE(ModelPath("pose_landmark_full"));                                 \
  } while (0)

int CountLines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST_F(PoseCliTest, MissingVideoIsAOneLineErrorWithExitCode1) {
  const CliRun run = Pose("--input " + (dir_ / "no_such_clip.mp4").string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(CountLines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("no_such_clip.mp4"), std::string::npos) << run.err;
}

TEST_F(PoseCliTest, MissingCameraIsAOneLineErrorWithExitCode1) {
  const CliRun run = Pose("--input /dev/video97" + Models());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(CountLines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("/dev/video97"), std::string::npos) << run.err;
}

TEST_F(PoseCliTest, UnreadableVideoIsAOneLineErrorWithExitCode1) {
  std::ofstream(dir_ / "garbage.mp4") << "this is not a video";
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_detection"));
  const CliRun run = Pose("--input " + (dir_ / "garbage.mp4").string() + Models() + " --output " +
                       (dir_ / "out.mp4").string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(CountLines(run.err), 1) << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.mp4"));
  EXPECT_TRUE(Temporaries().empty());
}

TEST_F(PoseCliTest, UnknownExerciseIsRejectedBeforeAnyWork) {
  const CliRun run = Pose("--input x.jpg --exercise burpee");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("burpee"), std::string::npos) << run.err;
}

TEST_F(PoseCliTest, ImageGivesAnnotatedImageAndJsonWith33Landmarks) {
  EP_REQUIRE_MESSI_AND_MODELS();
  const std::string image = kMessi;
  const CliRun run = Pose("--input " + image + Models() + " --output " + (dir_ / "messi.jpg").string() +
                       " --json " + (dir_ / "messi.jsonl").string() + " --summary " +
                       (dir_ / "summary.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const cv::Mat annotated = cv::imread((dir_ / "messi.jpg").string());
  const cv::Mat original = cv::imread(image);
  ASSERT_FALSE(annotated.empty());
  EXPECT_EQ(annotated.size(), original.size());
  EXPECT_GT(cv::norm(annotated, original, cv::NORM_L1), 0.0);  // something was drawn
  const auto line = nlohmann::json::parse(ReadText(dir_ / "messi.jsonl"));
  EXPECT_TRUE(line.at("pose").get<bool>());
  ASSERT_EQ(line.at("landmarks").size(), 33u);
  ASSERT_EQ(line.at("world_landmarks").size(), 33u);
  for (const auto& lm : line.at("landmarks")) {
    EXPECT_NEAR(lm.at("x").get<double>(), lm.at("nx").get<double>() * original.cols, 1e-3);
    EXPECT_GE(lm.at("visibility").get<double>(), 0.0);
    EXPECT_LE(lm.at("presence").get<double>(), 1.0);
  }
  EXPECT_TRUE(line.at("region").is_object());
  const auto summary = nlohmann::json::parse(ReadText(dir_ / "summary.json"));
  EXPECT_EQ(summary.at("frames").get<int>(), 1);
  EXPECT_EQ(summary.at("detector_runs").get<int>(), 1);
  EXPECT_TRUE(Temporaries().empty());
}

// A model in the other model's place (or any model without the heads the pipeline reads): one
// line naming the file and the outputs it lacks, exit code 1, no JSON file started.
TEST_F(PoseCliTest, SwappedModelsAreAOneLineErrorNamingTheFile) {
  EP_REQUIRE_MESSI_AND_MODELS();
  const std::string image = kMessi;
  const std::string detector = ModelPath("pose_detection"), landmark = ModelPath("pose_landmark_full");
  for (const auto& [models, wrong, expected] :
       {std::tuple{" --detector " + detector + " --landmark " + detector, detector, std::string("[1,195]")},
        std::tuple{" --detector " + landmark + " --landmark " + landmark, landmark, std::string("[1,N,12]")}}) {
    const CliRun run = Pose("--input " + image + models + " --json " + (dir_ / "out.jsonl").string());
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(CountLines(run.err), 1) << run.err;
    EXPECT_NE(run.err.find(wrong), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(expected), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
    EXPECT_TRUE(Temporaries().empty());
  }
}

// Models quantized with packed outputs split into separately quantized parts (`quantize --split`,
// recorded in the "edgepose.heads" metadata) run in the pipeline: the parts are interleaved back
// into the float layout, so the pose is the float pipeline's up to quantization error. A wrong
// interleave would scatter the landmarks (tens of px) or lose the detection.
TEST_F(PoseCliTest, SplitHeadModelsGiveTheFloatPipelinesPose) {
  EP_REQUIRE_MESSI_AND_MODELS();
  const std::string image = kMessi;
  const std::string still = " --static --no-smoothing --input " + image;
  const CliRun float_run = Pose(still + Models() + " --json " + (dir_ / "float.jsonl").string() +
                                " --dump-crops " + (dir_ / "crops").string());
  ASSERT_EQ(float_run.exit_code, 0) << float_run.err;
  std::string landmark_crops, detector_crops;
  for (const auto& entry : fs::directory_iterator(dir_ / "crops")) {
    const std::string name = entry.path().filename().string();
    if (name.find("landmark_input.npy") != std::string::npos) landmark_crops += " " + entry.path().string();
    if (name.find("detector_input.npy") != std::string::npos) detector_crops += " " + entry.path().string();
  }
  ASSERT_FALSE(landmark_crops.empty());
  ASSERT_FALSE(detector_crops.empty());
  const std::string common = " --mode int8 --report-samples 0 --calib";
  const CliRun landmark = RunCli("quantize " + ModelPath("pose_landmark_full") + " -o " +
                                     (dir_ / "landmark.tflite").string() + common + landmark_crops +
                                     " --split Identity=5/xy:0,1/z:2/vis:3,4 --head Identity_xy=int16",
                                 dir_);
  ASSERT_EQ(landmark.exit_code, 0) << landmark.err;
  const CliRun detector = RunCli("quantize " + ModelPath("pose_detection") + " -o " +
                                     (dir_ / "detector.tflite").string() + common + detector_crops +
                                     " --split Identity=12/box:0-3/kp:4-11 --head Identity_box=int16"
                                     " --head Identity_kp=int16 --head Identity_1=int16",
                                 dir_);
  ASSERT_EQ(detector.exit_code, 0) << detector.err;
  const CliRun split_run = Pose(still + " --detector " + (dir_ / "detector.tflite").string() + " --landmark " +
                                (dir_ / "landmark.tflite").string() + " --json " + (dir_ / "split.jsonl").string());
  ASSERT_EQ(split_run.exit_code, 0) << split_run.err;

  const auto float_pose = nlohmann::json::parse(ReadText(dir_ / "float.jsonl"));
  const auto split_pose = nlohmann::json::parse(ReadText(dir_ / "split.jsonl"));
  ASSERT_TRUE(float_pose.at("pose").get<bool>());
  ASSERT_TRUE(split_pose.at("pose").get<bool>());
  std::vector<double> distances;
  for (size_t i = 0; i < 33; ++i) {
    const auto& a = float_pose.at("landmarks").at(i);
    const auto& b = split_pose.at("landmarks").at(i);
    distances.push_back(std::hypot(a.at("x").get<double>() - b.at("x").get<double>(),
                                   a.at("y").get<double>() - b.at("y").get<double>()));
  }
  std::sort(distances.begin(), distances.end());
  EXPECT_LT(distances[16], 3.0) << "median landmark distance to the float pipeline, px";
  EXPECT_NEAR(split_pose.at("presence").get<double>(), float_pose.at("presence").get<double>(), 0.05);
  EXPECT_EQ(split_pose.at("world_landmarks").size(), 33u);
}

// --show on a virtual X display (xvfb-run, Debian package xvfb): the preview window opens, every
// frame still reaches the JSON, and neither OpenCV nor its GUI back end complains (Qt warns when
// the window is touched from two threads).
TEST_F(PoseCliTest, ShowPreviewsOnAnXDisplayWithoutGuiWarnings) {
  const std::string video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
  if (!fs::exists(video)) GTEST_SKIP() << video << " absent (Debian package opencv-doc)";
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run absent (Debian package xvfb)";
  EP_SKIP_IN_SANITIZER_BUILD("the X server and Qt back end are third-party code; Release covers this");
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_detection"));
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_landmark_full"));
  const CliRun run = Pose("--input " + video + Models() + " --show --max-frames 20 --json " +
                              (dir_ / "show.jsonl").string(),
                          "env -u DISPLAY xvfb-run -a");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("--show"), std::string::npos) << run.err;  // neither "ignored" nor "disabled"
  EXPECT_EQ(run.err.find("QObject"), std::string::npos) << run.err;
  std::istringstream lines(ReadText(dir_ / "show.jsonl"));
  int frames = 0;
  for (std::string line; std::getline(lines, line);) frames += !line.empty();
  EXPECT_EQ(frames, 20);
}

// A 24-frame MJPG AVI whose frame 12 has its JPEG data overwritten: the run must go on, count
// the damaged frame and write the other 23.
TEST_F(PoseCliTest, DamagedFrameMidVideoIsSkippedAndCounted) {
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_detection"));
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_landmark_full"));
  const fs::path clip = dir_ / "damaged.avi";
  constexpr int kFrames = 24, kDamaged = 12;
  {
    cv::VideoWriter writer(clip.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0,
                           cv::Size(160, 120), true);
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < kFrames; ++i) {
      cv::Mat frame(120, 160, CV_8UC3, cv::Scalar(10 * i, 100, 200 - 5 * i));
      cv::circle(frame, {20 + 5 * i, 60}, 10, cv::Scalar(255, 255, 255), cv::FILLED);
      writer.write(frame);
    }
  }
  std::string bytes = ReadText(clip);
  // JPEG frames start with FF D8 FF; overwrite everything after the marker of frame kDamaged.
  size_t position = 0;
  for (int found = 0; found <= kDamaged; ++found) {
    position = bytes.find("\xFF\xD8\xFF", position + (found ? 1 : 0));
    ASSERT_NE(position, std::string::npos) << "frame " << found;
  }
  const size_t next = bytes.find("\xFF\xD8\xFF", position + 1);
  ASSERT_NE(next, std::string::npos);
  for (size_t i = position; i + 16 < next; ++i) bytes[i] = static_cast<char>(0x5A);
  std::ofstream(clip, std::ios::binary | std::ios::trunc) << bytes;

  const CliRun run = Pose("--input " + clip.string() + Models() + " --output " + (dir_ / "out.avi").string() +
                       " --json " + (dir_ / "out.jsonl").string() + " --summary " +
                       (dir_ / "summary.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = nlohmann::json::parse(ReadText(dir_ / "summary.json"));
  EXPECT_EQ(summary.at("skipped_frames").get<int>(), 1) << run.err;
  EXPECT_EQ(summary.at("frames").get<int>(), kFrames - 1);
  EXPECT_EQ(CountLines(ReadText(dir_ / "out.jsonl")), kFrames - 1);
  EXPECT_NE(run.err.find("1 skipped"), std::string::npos) << run.err;
  cv::VideoCapture written((dir_ / "out.avi").string());
  ASSERT_TRUE(written.isOpened());
  int frames = 0;
  for (cv::Mat frame; written.read(frame);) ++frames;
  EXPECT_EQ(frames, kFrames - 1);
  // No person in these frames: every JSON line says so.
  std::istringstream lines(ReadText(dir_ / "out.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    EXPECT_FALSE(nlohmann::json::parse(line).at("pose").get<bool>());
  }
  EXPECT_TRUE(Temporaries().empty());
}

}  // namespace
}  // namespace edgepose::testing
