// Issue 5's accuracy acceptance, as the demo runs it: dump the float pipeline's model inputs from
// Debian's samples and the shared clips (`pose --dump-crops`), quantize both models to int8 with the
// demo's settings (`quantize`), and score both pipelines against ground truth (`eval`).
//
// One calibration draw is a lottery on 43 persons: on data/pose-eval a person whose pose flips in or
// out moves PCK torso by 1-2 points, and the calibration seed alone moves the int8 pipeline by +-2
// (docs/quantization.md, "The int8 pipeline against ground truth"). So the bounds are on the mean of
// three seeds, each seed a whole quantization of both models. Torso: the 1.5 points (over 10
// seeds the demo's models average -0.4). Box: its 10-seed mean is -1.4, at the line, so the
// test guards 2.5 points there: a CPU whose kernels round differently may move one seed's sums.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/test_paths.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSamples = "/usr/share/doc/opencv-doc/examples/data";

struct Pck {
  double torso = 0.0, box = 0.0;
};

class Int8PipelineEvalTest : public ScratchDirTest {
 protected:
  // The demo's calibration sources (scripts/demo.sh step_crops), with fewer frames per clip except
  // vtest.avi: the detector runs only when tracking is lost, and vtest.avi is where that happens.
  void DumpCrops() {
    std::vector<fs::path> sources = {fs::path(kSamples) / "vtest.avi", fs::path(kSamples) / "messi5.jpg",
                                     fs::path(kSamples) / "basketball1.png", fs::path(kSamples) / "basketball2.png"};
    for (const char* folder : {"video", "exercise"}) {
      const fs::path dir = fs::path(SharedDataDir()) / folder;
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".mp4") sources.push_back(entry.path());
    }
    for (const fs::path& source : sources) {
      const int frames = source.filename() == "vtest.avi" ? 300 : 40;
      const CliRun run = RunCli("-q pose --input " + source.string() + " --dump-crops " +
                                    (dir_ / "crops" / source.stem()).string() + " --max-frames " +
                                    std::to_string(frames) + " --json " + (dir_ / "pose.jsonl").string(),
                                dir_);
      ASSERT_EQ(run.exit_code, 0) << source << ": " << run.err;
    }
  }

  // Every dumped input of one model, sorted (the seeded pick depends on the order), as arguments.
  std::string Crops(const std::string& kind) const {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / "crops"))
      if (entry.path().filename().string().ends_with("_" + kind + "_input.npy")) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::string args;
    for (const auto& file : files) args += " " + file;
    return args;
  }

  Pck Eval(const std::string& detector, const std::string& landmark) {
    const fs::path json = dir_ / "eval.json";
    const CliRun run = RunCli("eval --annotations " + SharedDataDir() + "/pose-eval/annotations.json --detector " +
                                  detector + " --landmark " + landmark + " --json " + json.string(),
                              dir_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const auto report = nlohmann::json::parse(ReadText(json), nullptr, false);
    if (report.is_discarded()) {
      ADD_FAILURE() << json << " is not JSON";
      return {};
    }
    const auto& all = report["primary"]["all"];
    return {all["pck_torso"]["percent"].get<double>(), all["pck_box"]["percent"].get<double>()};
  }
};

TEST_F(Int8PipelineEvalTest, DemoInt8ModelsStayWithinOneAndAHalfTorsoPckPointsOfFloatOnAverage) {
  EP_REQUIRE_SHARED_DATA();
  EP_SKIP_IN_SANITIZER_BUILD("dumps, quantizes and evaluates whole models");
  const std::string detector = ModelPath("pose_detection"), landmark = ModelPath("pose_landmark_full");
  EP_REQUIRE_MODEL_FILE(detector);
  EP_REQUIRE_MODEL_FILE(landmark);
  if (!fs::exists(fs::path(kSamples) / "vtest.avi")) GTEST_SKIP() << kSamples << " absent (Debian package opencv-doc)";

  DumpCrops();
  if (HasFatalFailure()) return;
  const std::string detector_crops = Crops("detector"), landmark_crops = Crops("landmark");
  ASSERT_FALSE(detector_crops.empty());
  ASSERT_FALSE(landmark_crops.empty());
  const Pck float_pck = Eval(detector, landmark);

  // scripts/demo.sh step_quantize.
  const std::string common = " --mode int8 --calib-method minmax --bias-correction on --num-calib 100";
  Pck mean;
  const int seeds = 3;
  for (int seed = 0; seed < seeds; ++seed) {
    const std::string int8_detector = (dir_ / "detector_int8.tflite").string();
    const std::string int8_landmark = (dir_ / "landmark_int8.tflite").string();
    const std::string seeded = common + " --seed " + std::to_string(seed);
    CliRun run = RunCli("-q quantize " + detector + " -o " + int8_detector + seeded +
                            " --head Identity=int16 --head Identity_1=int16 --calib" + detector_crops,
                        dir_);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    run = RunCli("-q quantize " + landmark + " -o " + int8_landmark + seeded + " --calib" + landmark_crops, dir_);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const Pck pck = Eval(int8_detector, int8_landmark);
    std::printf("[measured] seed %d: int8 pipeline all-person PCK@0.2 torso %.1f %%, box %.1f %% "
                "(float %.1f %%, %.1f %%)\n",
                seed, pck.torso, pck.box, float_pck.torso, float_pck.box);
    mean.torso += pck.torso / seeds;
    mean.box += pck.box / seeds;
  }
  std::printf("[measured] mean of %d seeds: torso %.2f %% (float %.1f %%), box %.2f %% (float %.1f %%)\n", seeds,
              mean.torso, float_pck.torso, mean.box, float_pck.box);
  EXPECT_GE(mean.torso, float_pck.torso - 1.5);
  EXPECT_GE(mean.box, float_pck.box - 2.5);
}

}  // namespace
}  // namespace edgepose::testing
