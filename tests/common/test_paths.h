// Where tests find the repository's models and the shared real-world data, and the skip macros
// for when they are absent (a fresh checkout before scripts/fetch_models.sh, a machine without
// ../shared/data). scripts/test.sh fetches the models first, so in CI nothing model-related skips.
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace edgepose::testing {

std::string SourceDir();  // the repository root (EDGEPOSE_SOURCE_DIR)

// "pose_detection" → <repo>/models/pose_detection.tflite; "extra/hand_recrop" → models/extra/...
std::string ModelPath(const std::string& name);

// <repo>/../shared/data (or $EDGEPOSE_SHARED_DATA when set) if that folder exists, else "".
std::string SharedDataDir();

// True in the AddressSanitizer run of scripts/test.sh (EDGEPOSE_SANITIZER_BUILD=1), where heavy
// tests may skip: the same code already ran at full speed in the Release run.
bool IsSanitizerBuild();

// Empty when `path` exists, else a message saying what is missing and how to get it.
std::string MissingModelReason(const std::string& path);

}  // namespace edgepose::testing

// Skips the current test unless the model file exists.
#define EP_REQUIRE_MODEL_FILE(path)                                                     \
  do {                                                                                  \
    if (std::string ep_reason_ = ::edgepose::testing::MissingModelReason(path);         \
        !ep_reason_.empty())                                                            \
      GTEST_SKIP() << ep_reason_;                                                       \
  } while (0)

// Skips the current test when ../shared/data is absent.
#define EP_REQUIRE_SHARED_DATA()                                                        \
  do {                                                                                  \
    if (::edgepose::testing::SharedDataDir().empty())                                   \
      GTEST_SKIP() << "shared data folder (../shared/data beside the repository) is absent"; \
  } while (0)

// Skips the current test in the sanitizer run.
#define EP_SKIP_IN_SANITIZER_BUILD(why)                                                 \
  do {                                                                                  \
    if (::edgepose::testing::IsSanitizerBuild())                                        \
      GTEST_SKIP() << "skipped under sanitizers (EDGEPOSE_SANITIZER_BUILD=1): " << why; \
  } while (0)
