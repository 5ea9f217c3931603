// `edgepose bench` as a user runs it: several thread counts and alternating rounds pool their
// samples into one row per (model, threads), with speed-ups computed from the printed medians;
// LiteRT's runs are split across the same rounds; bad flags fail with one line.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/litert_oracle.h"
#include "common/test_paths.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

class BenchCliTest : public ScratchDirTest {
 protected:
  nlohmann::json RunJson(const std::string& args) {
    const std::string json_path = (dir_ / "bench.json").string();
    const CliRun run = RunCli(args + " --json " + json_path, dir_);
    EXPECT_EQ(run.exit_code, 0) << "edgepose " << args << "\n" << run.out << run.err;
    return nlohmann::json::parse(ReadText(json_path), nullptr, false);
  }
};

TEST_F(BenchCliTest, ThreadListAndRoundsGiveOnePooledRowPerThreadCount) {
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  const auto json = RunJson("bench " + model + " --threads 1,2 --rounds 2 --runs 6 --warmup 1");
  ASSERT_FALSE(json.is_discarded());
  ASSERT_EQ(json["models"].size(), 2u);
  const auto& one = json["models"][0];
  const auto& two = json["models"][1];
  EXPECT_EQ(one["threads"], "1");
  EXPECT_EQ(two["threads"], "2");
  for (const auto& row : {one, two}) {
    const auto samples = row["samples_ms"].get<std::vector<double>>();
    EXPECT_EQ(samples.size(), 6u);  // 3 per round
    EXPECT_EQ(row["round_medians_ms"].size(), 2u);
    EXPECT_NEAR(std::stod(row["median_ms"].get<std::string>()), MedianOf(samples), 1e-3);
  }
  const double speedup = MedianOf(one["samples_ms"].get<std::vector<double>>()) /
                         MedianOf(two["samples_ms"].get<std::vector<double>>());
  EXPECT_EQ(one["vs_threads"], "1.00x");
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.2fx", speedup);
  EXPECT_EQ(two["vs_threads"], expected);
  // Paired: the two rounds' own ratios, then their median (of two: the mean).
  const auto one_rounds = one["round_medians_ms"].get<std::vector<double>>();
  const auto two_rounds = two["round_medians_ms"].get<std::vector<double>>();
  ASSERT_EQ(one_rounds.size(), 2u);
  ASSERT_EQ(two_rounds.size(), 2u);
  const double paired = MedianOf({one_rounds[0] / two_rounds[0], one_rounds[1] / two_rounds[1]});
  std::snprintf(expected, sizeof expected, "%.2fx", paired);
  EXPECT_EQ(two["vs_threads_paired"], expected);
  EXPECT_EQ(one["vs_threads_paired"], "1.00x");
}

TEST_F(BenchCliTest, LiteRtRunsAreSplitAcrossTheRounds) {
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  if (!LiteRtAvailable()) GTEST_SKIP() << "LiteRT (tools/litert) is not set up: run scripts/setup_litert.sh";
  if (IsSanitizerBuild()) GTEST_SKIP() << "LiteRT timing is covered by the Release run";
  const auto json = RunJson("bench " + model + " --rounds 2 --runs 4 --warmup 1 --baseline litert");
  ASSERT_FALSE(json.is_discarded());
  ASSERT_EQ(json["models"].size(), 1u);
  const auto& row = json["models"][0];
  const auto litert = row["litert_times_ms"].get<std::vector<double>>();
  EXPECT_EQ(litert.size(), 4u);
  EXPECT_EQ(row["litert_round_medians_ms"].size(), 2u);
  EXPECT_EQ(row["vs_threads"], "-");
  const std::string printed = row["litert_ms"];
  EXPECT_NEAR(std::stod(printed.substr(0, printed.find(' '))), MedianOf(litert), 1e-3) << printed;
  const auto ours = row["round_medians_ms"].get<std::vector<double>>();
  const auto theirs = row["litert_round_medians_ms"].get<std::vector<double>>();
  ASSERT_EQ(ours.size(), 2u);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.2fx", MedianOf({theirs[0] / ours[0], theirs[1] / ours[1]}));
  EXPECT_EQ(row["vs_litert_paired"], expected);
  EXPECT_EQ(row["vs_threads_paired"], "-");
}

TEST_F(BenchCliTest, BadThreadOrRoundCountsFailWithOneLine) {
  const std::string model = ModelPath("pose_detection");
  EP_REQUIRE_MODEL_FILE(model);
  for (const std::string flags : {"--threads 0", "--threads 1,x", "--rounds 0"}) {
    const CliRun run = RunCli("bench " + model + " " + flags, dir_);
    EXPECT_NE(run.exit_code, 0) << flags;
    EXPECT_TRUE(run.out.empty()) << flags << ": " << run.out;
    EXPECT_NE(run.err.find(flags.substr(0, flags.find(' '))), std::string::npos) << flags << ": " << run.err;
  }
}

}  // namespace
}  // namespace edgepose::testing
