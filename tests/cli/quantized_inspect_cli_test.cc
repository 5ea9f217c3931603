// `edgepose inspect` on files `edgepose quantize` wrote from a real pose model, as a user checks an
// NPU target: int8-io and uint8-io files hold no FLOAT32 tensor anywhere (interface, parameters,
// activations); int16x8 files hold INT16 activations, INT8 weights and INT64 biases.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/test_paths.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

class QuantizedInspectCliTest : public ScratchDirTest {
 protected:
  // Runs the CLI with `args`; returns stdout, or "" (with a failure) when it exits non-zero.
  std::string Run(const std::string& args) {
    const CliRun run = RunCli(args, dir_);
    EXPECT_EQ(run.exit_code, 0) << "edgepose " << args << "\n" << run.out << run.err;
    return run.exit_code == 0 ? run.out : "";
  }

  // The dtypes inspect lists for the interface, the parameters and the activations.
  struct Dtypes {
    std::vector<std::string> interface, parameters, activations;
  };
  Dtypes Inspect(const std::string& mode) {
    const std::string model = ModelPath("pose_landmark_lite");
    const std::string out = (dir_ / (mode + ".tflite")).string();
    Run("quantize " + model + " -o " + out + " --mode " + mode + " --calib " + SharedDataDir() +
        "/pose-eval --num-calib 2 --input-range 0,1 --report-samples 0");
    const auto json = nlohmann::json::parse(Run("inspect --json " + out), nullptr, false);
    Dtypes dtypes;
    if (json.is_discarded()) {
      ADD_FAILURE() << "inspect --json printed no JSON";
      return dtypes;
    }
    for (const char* key : {"inputs", "outputs"})
      for (const auto& t : json[key]) dtypes.interface.push_back(t["dtype"]);
    for (const auto& p : json["parameters"]) dtypes.parameters.push_back(p["dtype"]);
    for (const auto& a : json["activations"]) dtypes.activations.push_back(a["dtype"]);
    return dtypes;
  }
};

class IntegerIoInspectCliTest : public QuantizedInspectCliTest, public ::testing::WithParamInterface<const char*> {};

bool Has(const std::vector<std::string>& list, const std::string& dtype) {
  return std::find(list.begin(), list.end(), dtype) != list.end();
}

TEST_P(IntegerIoInspectCliTest, IntegerIoFilesListNoFloatTensor) {
  EP_REQUIRE_SHARED_DATA();
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_landmark_lite"));
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model");
  const std::string mode = GetParam();
  const Dtypes dtypes = Inspect(mode);
  ASSERT_FALSE(dtypes.activations.empty());
  const std::string io = mode == "uint8-io" ? "UINT8" : "INT8";
  for (const auto& d : dtypes.interface) EXPECT_EQ(d, io) << mode;
  for (const auto* list : {&dtypes.parameters, &dtypes.activations})
    for (const auto& d : *list) EXPECT_TRUE(d == "INT8" || d == "UINT8" || d == "INT16" || d == "INT32") << mode << ": " << d;
  EXPECT_TRUE(Has(dtypes.activations, "INT8"));
  EXPECT_TRUE(Has(dtypes.parameters, "INT8"));  // weights
  EXPECT_TRUE(Has(dtypes.parameters, "INT32"));  // biases
}

INSTANTIATE_TEST_SUITE_P(Modes, IntegerIoInspectCliTest, ::testing::Values("int8-io", "uint8-io"));

TEST_F(QuantizedInspectCliTest, Int16x8FileHasInt16ActivationsInt8WeightsInt64Biases) {
  EP_REQUIRE_SHARED_DATA();
  EP_REQUIRE_MODEL_FILE(ModelPath("pose_landmark_lite"));
  EP_SKIP_IN_SANITIZER_BUILD("quantizes a full model");
  const Dtypes dtypes = Inspect("int16x8");
  EXPECT_TRUE(Has(dtypes.activations, "INT16"));
  EXPECT_FALSE(Has(dtypes.activations, "INT8"));
  EXPECT_TRUE(Has(dtypes.parameters, "INT8"));
  EXPECT_TRUE(Has(dtypes.parameters, "INT64"));
  EXPECT_FALSE(Has(dtypes.parameters, "FLOAT32"));
  for (const auto& d : dtypes.interface) EXPECT_EQ(d, "FLOAT32");  // float I/O through QUANTIZE / DEQUANTIZE
}

}  // namespace
}  // namespace edgepose::testing
