// Malformed models never crash the loader and always give one line "<name>: <problem>":
// empty and random files, every 1 KiB truncation and 1,000 seeded single-byte mutations of
// pose_detection, and crafted index / size errors. The CLI turns them into exit code 1 and one
// stderr line naming the file.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "edgepose/file_io.h"
#include "edgepose/model.h"
#include "model/test_util.h"

namespace edgepose {
namespace {

// True when `message` is a single line that starts with "<name>: " and says something.
::testing::AssertionResult IsOneLineError(const std::string& message, const std::string& name) {
  if (message.find('\n') != std::string::npos) {
    return ::testing::AssertionFailure() << "multi-line error: " << message;
  }
  if (message.rfind(name + ": ", 0) != 0 || message.size() <= name.size() + 2) {
    return ::testing::AssertionFailure() << "error does not start with \"" << name
                                         << ": \": " << message;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult LoadsOrFailsCleanly(const std::vector<uint8_t>& bytes,
                                               const std::string& name, bool* loaded = nullptr) {
  auto model = Model::FromBytes(bytes.data(), bytes.size(), name);
  if (loaded) *loaded = static_cast<bool>(model);
  if (!model) return IsOneLineError(model.error().message, name);
  // A model that loads must also serialize and load again.
  auto again = model->Serialize();
  if (!again) return ::testing::AssertionFailure() << "loaded but cannot serialize: " << again.error().message;
  auto reloaded = Model::FromBytes(again->data(), again->size(), name);
  if (!reloaded) return ::testing::AssertionFailure() << "reload failed: " << reloaded.error().message;
  return ::testing::AssertionSuccess();
}

std::vector<uint8_t> PoseDetectionBytes() {
  const std::string path = model::testing::FindPoseModel("pose_detection");
  if (path.empty()) return {};
  auto bytes = ReadFileBytes(path);
  return bytes ? *bytes : std::vector<uint8_t>{};
}

// Packs an IR without our checks (Model::Serialize refuses invalid IRs).
std::vector<uint8_t> PackUnchecked(const tfl::ModelT& ir) {
  flatbuffers::FlatBufferBuilder builder;
  builder.Finish(tfl::Model::Pack(builder, &ir), tfl::ModelIdentifier());
  return std::vector<uint8_t>(builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize());
}

TEST(ModelFuzzTest, EmptyAndRandomFilesFailCleanly) {
  EXPECT_TRUE(LoadsOrFailsCleanly({}, "empty.tflite"));
  auto null_model = Model::FromBytes(nullptr, 0, "null.tflite");
  ASSERT_FALSE(null_model);
  EXPECT_TRUE(IsOneLineError(null_model.error().message, "null.tflite"));

  std::mt19937 rng(1234);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> bytes(1 + rng() % 4096);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    if (i % 2 == 1 && bytes.size() >= 8) std::memcpy(bytes.data() + 4, "TFL3", 4);  // get past the identifier
    bool loaded = true;
    ASSERT_TRUE(LoadsOrFailsCleanly(bytes, "random.tflite", &loaded)) << "case " << i;
    EXPECT_FALSE(loaded) << "random bytes loaded as a model, case " << i;
  }
}

TEST(ModelFuzzTest, EveryKibTruncationOfPoseDetectionFailsCleanly) {
  const std::vector<uint8_t> original = PoseDetectionBytes();
  if (original.empty()) GTEST_SKIP() << "pose_detection not found (run scripts/fetch_models.sh)";
  int truncations = 0;
  for (size_t size = 0; size < original.size(); size += 1024) {
    const std::vector<uint8_t> truncated(original.begin(), original.begin() + size);
    bool loaded = true;
    ASSERT_TRUE(LoadsOrFailsCleanly(truncated, "pose_detection.tflite", &loaded)) << size << " bytes";
    EXPECT_FALSE(loaded) << "truncated to " << size << " bytes still loads";
    ++truncations;
  }
  EXPECT_GT(truncations, 2000);
}

TEST(ModelFuzzTest, SingleByteMutationsOfPoseDetectionLoadOrFailCleanly) {
  const std::vector<uint8_t> original = PoseDetectionBytes();
  if (original.empty()) GTEST_SKIP() << "pose_detection not found (run scripts/fetch_models.sh)";
  std::mt19937_64 rng(20240611);
  std::vector<uint8_t> mutated = original;
  int loaded_count = 0;
  int rejected_count = 0;
  for (int i = 0; i < 1000; ++i) {
    // Half the mutations hit the first 64 KiB where the tables live (the rest is weights).
    const size_t limit = (i % 2 == 0) ? std::min<size_t>(original.size(), 65536) : original.size();
    const size_t position = rng() % limit;
    const uint8_t value = static_cast<uint8_t>(rng());
    if (value == original[position]) continue;
    mutated[position] = value;
    bool loaded = false;
    ASSERT_TRUE(LoadsOrFailsCleanly(mutated, "pose_detection.tflite", &loaded))
        << "byte " << position << " set to " << int(value);
    (loaded ? loaded_count : rejected_count)++;
    mutated[position] = original[position];
  }
  std::printf("1000 single-byte mutations: %d load, %d rejected with a one-line error\n",
              loaded_count, rejected_count);
  EXPECT_GT(rejected_count, 0);
  EXPECT_GT(loaded_count, 0);
}

TEST(ModelFuzzTest, CraftedIndexAndSizeErrorsAreNamed) {
  const std::vector<uint8_t> original = PoseDetectionBytes();
  if (original.empty()) GTEST_SKIP() << "pose_detection not found (run scripts/fetch_models.sh)";
  auto model = Model::FromBytes(original.data(), original.size(), "pose_detection.tflite");
  ASSERT_TRUE(model) << model.error().message;

  tfl::ModelT bad_index = model->ir();  // deep copy (generated copy constructor)
  bad_index.subgraphs[0]->tensors[17]->buffer = 999;
  auto bytes = PackUnchecked(bad_index);
  auto loaded = Model::FromBytes(bytes.data(), bytes.size(), "pose_detection.tflite");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message,
            "pose_detection.tflite: subgraph 0 tensor 17 (\"" +
                bad_index.subgraphs[0]->tensors[17]->name + "\"): buffer 999 out of range (model has " +
                std::to_string(bad_index.buffers.size()) + " buffers)");

  tfl::ModelT bad_size = model->ir();
  int constant = -1;  // first dense constant tensor
  for (size_t t = 0; t < bad_size.subgraphs[0]->tensors.size(); ++t) {
    const auto& tensor = *bad_size.subgraphs[0]->tensors[t];
    if (!tensor.sparsity && tensor.buffer != 0 && !bad_size.buffers[tensor.buffer]->data.empty()) {
      constant = static_cast<int>(t);
      break;
    }
  }
  ASSERT_GE(constant, 0);
  bad_size.subgraphs[0]->tensors[constant]->shape.back() += 1;
  bytes = PackUnchecked(bad_size);
  loaded = Model::FromBytes(bytes.data(), bytes.size(), "pose_detection.tflite");
  ASSERT_FALSE(loaded);
  EXPECT_TRUE(IsOneLineError(loaded.error().message, "pose_detection.tflite"));
  EXPECT_NE(loaded.error().message.find("tensor " + std::to_string(constant) + " "), std::string::npos);
  EXPECT_NE(loaded.error().message.find("bytes, expected"), std::string::npos) << loaded.error().message;
}

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliRun RunCli(const std::string& args) {
  const std::string dir = ::testing::TempDir();
  const std::string out_path = dir + "/edgepose_fuzz_cli.out";
  const std::string err_path = dir + "/edgepose_fuzz_cli.err";
  const std::string command = std::string(EDGEPOSE_CLI_PATH) + " " + args + " >" + out_path + " 2>" + err_path;
  CliRun run;
  const int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  };
  run.out = slurp(out_path);
  run.err = slurp(err_path);
  return run;
}

TEST(ModelFuzzTest, CliInspectReportsBadFilesOnOneStderrLine) {
  const std::string dir = ::testing::TempDir();
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files = {
      {dir + "/fuzz_empty.tflite", {}},
      {dir + "/fuzz_random.tflite", std::vector<uint8_t>(1000, 0xAB)},
  };
  const std::vector<uint8_t> original = PoseDetectionBytes();
  if (!original.empty()) {
    files.push_back({dir + "/fuzz_truncated.tflite",
                     std::vector<uint8_t>(original.begin(), original.begin() + original.size() / 2)});
    auto model = Model::FromBytes(original.data(), original.size(), "x");
    ASSERT_TRUE(model);
    tfl::ModelT bad = model->ir();
    bad.subgraphs[0]->operators[3]->opcode_index = 77;
    files.push_back({dir + "/fuzz_opcode.tflite", PackUnchecked(bad)});
  }
  for (const auto& [path, bytes] : files) {
    ASSERT_TRUE(WriteFileAtomic(path, bytes));
    const CliRun run = RunCli("inspect " + path);
    EXPECT_EQ(run.exit_code, 1) << path;
    EXPECT_EQ(run.out, "") << path;
    ASSERT_FALSE(run.err.empty()) << path;
    EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "more than one stderr line: " << run.err;
    EXPECT_EQ(run.err.rfind("edgepose: error: " + path + ": ", 0), 0u) << run.err;
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace edgepose
