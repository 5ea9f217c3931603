// `edgepose quantize` on bad input, as a user runs it: a one-line error and exit code 1 for a
// missing or empty calibration folder, a folder with no usable input, an already quantized
// model, NaN during calibration, and an op without an integer kernel in an integer-only mode
// (the error names the op); unusable files next to usable ones are skipped and counted; a
// failed run never leaves an output file (or a temporary) behind and never touches an existing one.
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/test_paths.h"
#include "core/npy.h"
#include "edgepose/model.h"
#include "quant/passes/test_models.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

int CountLines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

int CountErrorLines(const std::string& text) {
  int count = 0;
  for (size_t at = text.find("edgepose: error:"); at != std::string::npos; at = text.find("edgepose: error:", at + 1))
    ++count;
  return count;
}

class QuantizeCliTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    fs::create_directories(dir_ / "calib");
    auto model = Model::FromIr(quant::testing::ConvReshapeLogisticModel(), "small");
    ASSERT_TRUE(model.has_value()) << model.error().message;
    ASSERT_TRUE(model->Save(Path("float.tflite")).has_value());
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // A [1,4,4,2] float input with values in [-1, 1] (or NaN everywhere when `nan`).
  void WriteInput(const std::string& name, uint32_t seed, bool nan = false) {
    NpyArray array = MakeNpyArray(DType::kFloat32, {1, 4, 4, 2});
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.f, 1.f);
    for (int i = 0; i < 32; ++i) array.data_as<float>()[i] = nan ? std::nanf("") : dist(rng);
    ASSERT_TRUE(WriteNpy(Path(name), array).has_value());
  }

  CliRun Quantize(const std::string& args) { return RunCli("quantize " + args, dir_); }

  // Files in the test folder whose name marks them as temporaries of an atomic write.
  int Temporaries() const {
    int found = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      found += entry.path().filename().string().find(".tmp") != std::string::npos;
    return found;
  }

  // One error line (warnings about skipped inputs may precede it, as the issue asks), exit 1,
  // no output and no temporary left.
  void ExpectCleanFailure(const CliRun& run, const std::string& message) {
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_EQ(CountErrorLines(run.err), 1) << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(Path("out.tflite")));
    EXPECT_EQ(Temporaries(), 0);
  }
};

TEST_F(QuantizeCliTest, MissingCalibrationFolderIsAnError) {
  ExpectCleanFailure(Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " +
                              Path("no_such_folder")),
                     "no_such_folder: no such calibration file or folder");
}

TEST_F(QuantizeCliTest, EmptyCalibrationFolderIsAnError) {
  ExpectCleanFailure(Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib")),
                     "calibration folder is empty");
}

TEST_F(QuantizeCliTest, NonInputFilesAreSkippedAndCounted) {
  WriteInput("calib/a.npy", 1);
  WriteInput("calib/b.npy", 2);
  std::ofstream(Path("calib/notes.txt")) << "not an input\n";
  std::ofstream(Path("calib/broken.jpg")) << "not a jpeg";
  const CliRun run = Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --input-range -1,1 --calib " +
                           Path("calib"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2 calibration inputs (2 files skipped)"), std::string::npos) << run.out;
  EXPECT_TRUE(fs::exists(Path("out.tflite")));
}

TEST_F(QuantizeCliTest, NoUsableInputIsAnError) {
  std::ofstream(Path("calib/notes.txt")) << "not an input\n";
  std::ofstream(Path("calib/short.raw")) << "12345";  // not the input's 128 bytes
  ExpectCleanFailure(Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib")),
                     "no usable calibration input (2 files skipped)");
}

TEST_F(QuantizeCliTest, AlreadyQuantizedModelIsRefused) {
  WriteInput("calib/a.npy", 1);
  ASSERT_EQ(Quantize(Path("float.tflite") + " -o " + Path("int8.tflite") + " --mode int8-io --input-range -1,1 --calib " +
                     Path("calib"))
                .exit_code,
            0);
  ExpectCleanFailure(Quantize(Path("int8.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib")),
                     "model is already quantized");
}

TEST_F(QuantizeCliTest, NanDuringCalibrationIsAnErrorNamingTheInput) {
  WriteInput("calib/a.npy", 1);
  WriteInput("calib/b_nan.npy", 2, /*nan=*/true);
  ExpectCleanFailure(Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib")),
                     "b_nan.npy");
  EXPECT_NE(ReadText(dir_ / "stderr").find("NaN or Inf during calibration"), std::string::npos);
}

TEST_F(QuantizeCliTest, OpWithoutIntegerKernelInIntegerOnlyModeIsAnErrorNamingTheOp) {
  // The small model with its LOGISTIC replaced by DIV(x, x): TFLite has no int8 DIV kernel.
  auto ir = quant::testing::ConvReshapeLogisticModel();
  // Without the conv's fused RELU, DIV(x, x) never sees 0 / 0 on random calibration data.
  ir->subgraphs[0]->operators[0]->builtin_options.AsConv2DOptions()->fused_activation_function =
      tfl::ActivationFunctionType_NONE;
  auto& op = *ir->subgraphs[0]->operators[2];
  op.opcode_index = quant::OpcodeIndex(*ir, tfl::BuiltinOperator_DIV);
  op.inputs = {5, 5};
  auto model = Model::FromIr(std::move(ir), "div");
  ASSERT_TRUE(model.has_value()) << model.error().message;
  ASSERT_TRUE(model->Save(Path("div.tflite")).has_value());
  WriteInput("calib/a.npy", 1);
  // An existing output stays untouched by a failed run.
  std::ofstream(Path("out.tflite")) << "previous";
  const CliRun run = Quantize(Path("div.tflite") + " -o " + Path("out.tflite") + " --mode int8-io --calib " + Path("calib"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(CountLines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("node 2 (DIV)"), std::string::npos) << run.err;
  EXPECT_EQ(ReadText(Path("out.tflite")), "previous");
  EXPECT_EQ(Temporaries(), 0);
  // With float I/O the same op stays float between DEQUANTIZE / QUANTIZE and the run succeeds.
  fs::remove(Path("out.tflite"));
  const CliRun mixed = Quantize(Path("div.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib"));
  EXPECT_EQ(mixed.exit_code, 0) << mixed.err;
  EXPECT_NE(mixed.out.find("node 2 (DIV): no int8 kernel in TFLite"), std::string::npos) << mixed.out;
}

TEST_F(QuantizeCliTest, UnknownInt16NamesAndInt16InInt16x8AreErrorsNamingThem) {
  WriteInput("calib/a.npy", 1);
  const std::string base = Path("float.tflite") + " -o " + Path("out.tflite") + " --calib " + Path("calib");
  ExpectCleanFailure(Quantize(base + " --mode int8 --int16 nope"), "--int16 'nope'");
  ExpectCleanFailure(Quantize(base + " --mode int8 --int16-branch prob,nope"), "--int16-branch 'nope'");
  ExpectCleanFailure(Quantize(base + " --mode int16x8 --int16 conv"), "--int16 applies to the int8 modes only");
  // A known tensor works: "conv" and its RESHAPE reader run 16x8.
  const CliRun run = Quantize(base + " --mode int8 --int16 conv");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2 ops run 16x8"), std::string::npos) << run.out;
}

TEST_F(QuantizeCliTest, BadSplitSpecIsAUsageError) {
  WriteInput("calib/a.npy", 1);
  const CliRun run = Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " + Path("calib") +
                           " --split prob=4/a:0,1/b:1,2,3");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("exactly once"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(Path("out.tflite")));
}

TEST_F(QuantizeCliTest, BadWeightRoundingBiasCorrectionOrEqualizeIsAUsageError) {
  WriteInput("calib/a.npy", 1);
  for (const std::string flag : {"--weight-rounding ceil", "--bias-correction maybe", "--equalize sometimes"}) {
    const CliRun run = Quantize(Path("float.tflite") + " -o " + Path("out.tflite") + " --mode int8 --calib " +
                                Path("calib") + " " + flag);
    EXPECT_EQ(run.exit_code, 2) << flag;
    EXPECT_NE(run.err.find(flag.substr(flag.find(' ') + 1)), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(Path("out.tflite")));
  }
}

TEST_F(QuantizeCliTest, ReportRecordsTheWeightRounding) {
  WriteInput("calib/a.npy", 1);
  WriteInput("calib/b.npy", 2);
  const std::string base = Path("float.tflite") + " -o " + Path("out.tflite") + " --calib " + Path("calib") +
                           " --report " + Path("report.json");
  const struct {
    std::string args, rounding;
    bool bias_correction;
  } cases[] = {{"--mode int8", "gptq", false},
               {"--mode int16x8", "gptq", true},
               {"--mode int8 --weight-rounding nearest --bias-correction on", "nearest", true},
               {"--mode dynamic", "nearest", false}};
  for (const auto& c : cases) {
    const CliRun run = Quantize(base + " " + c.args);
    ASSERT_EQ(run.exit_code, 0) << c.args << ": " << run.err;
    const auto json = nlohmann::json::parse(ReadText(dir_ / "report.json"));
    EXPECT_EQ(json["weights"]["rounding"], c.rounding) << c.args;
    EXPECT_EQ(json["weights"]["bias_correction"], c.bias_correction) << c.args;
  }
}

}  // namespace
}  // namespace edgepose::testing
