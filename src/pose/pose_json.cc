#include "pose/pose_json.h"

namespace edgepose::pose {

nlohmann::json PoseResultToJson(const PoseResult& result, int64_t frame_index,
                                int64_t timestamp_us, const std::string& name) {
  using nlohmann::json;
  const float w = static_cast<float>(result.image_width);
  const float h = static_cast<float>(result.image_height);
  json out = {{"frame", frame_index},
              {"name", name},
              {"timestamp_us", timestamp_us},
              {"width", result.image_width},
              {"height", result.image_height},
              {"pose", result.pose_present},
              {"presence", result.pose_presence},
              {"detector_ran", result.detector_ran}};
  out["detection_score"] = result.detection ? json(result.detection->score) : json(nullptr);
  if (result.roi.width > 0.0f) {
    out["region"] = {{"x_center", result.roi.x_center}, {"y_center", result.roi.y_center},
                     {"width", result.roi.width},       {"height", result.roi.height},
                     {"rotation", result.roi.rotation}};
  } else {
    out["region"] = nullptr;
  }
  json landmarks = json::array();
  for (const Landmark& lm : result.landmarks) {
    landmarks.push_back({{"x", lm.x * w},
                         {"y", lm.y * h},
                         {"z", lm.z * w},
                         {"nx", lm.x},
                         {"ny", lm.y},
                         {"nz", lm.z},
                         {"visibility", lm.visibility},
                         {"presence", lm.presence}});
  }
  out["landmarks"] = std::move(landmarks);
  json world = json::array();
  for (const Landmark& lm : result.world_landmarks) world.push_back({lm.x, lm.y, lm.z});
  out["world_landmarks"] = std::move(world);
  const StageTimes& t = result.times;
  out["ms"] = {{"detector_pre", t.detector_pre_ms},   {"detector", t.detector_ms},
               {"detector_post", t.detector_post_ms}, {"landmark_pre", t.landmark_pre_ms},
               {"landmark", t.landmark_ms},           {"landmark_post", t.landmark_post_ms},
               {"smoothing", t.smoothing_ms},         {"total", t.total_ms}};
  return out;
}

}  // namespace edgepose::pose
