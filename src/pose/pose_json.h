// One JSON object per processed frame (the JSON Lines output of `edgepose pose`): landmarks in
// pixels and normalized with visibility and presence, world landmarks, the region fed to the
// landmark model, the detection score and per-stage milliseconds.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "pose/pipeline.h"

namespace edgepose::pose {

nlohmann::json PoseResultToJson(const PoseResult& result, int64_t frame_index,
                                int64_t timestamp_us, const std::string& name);

}  // namespace edgepose::pose
