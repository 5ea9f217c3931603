#include "eval/coco_annotations.h"

#include <map>

#include <nlohmann/json.hpp>

#include "edgepose/file_io.h"

namespace edgepose::eval {

Result<std::vector<GroundTruthImage>> ParseCocoKeypoints(const std::string& json_text,
                                                         const std::string& name) {
  const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return MakeError(name + ": not a JSON object");
  if (!root.contains("images") || !root["images"].is_array() || !root.contains("annotations") ||
      !root["annotations"].is_array()) {
    return MakeError(name + ": needs 'images' and 'annotations' arrays");
  }
  std::vector<GroundTruthImage> images;
  std::map<int, size_t> by_id;
  for (const auto& entry : root["images"]) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() ||
        !entry.contains("file_name") || !entry["file_name"].is_string()) {
      return MakeError(name + ": image entry without integer 'id' and 'file_name'");
    }
    GroundTruthImage image;
    image.id = entry["id"].get<int>();
    image.file_name = entry["file_name"].get<std::string>();
    image.width = entry.value("width", 0);
    image.height = entry.value("height", 0);
    image.dataset = entry.contains("source_dataset") && entry["source_dataset"].is_string()
                        ? entry["source_dataset"].get<std::string>()
                        : "unknown";
    if (!by_id.emplace(image.id, images.size()).second) {
      return MakeError(name + ": image id " + std::to_string(image.id) + " appears twice");
    }
    images.push_back(std::move(image));
  }
  for (const auto& entry : root["annotations"]) {
    const std::string label = name + ": annotation " +
                              (entry.is_object() && entry.contains("id") ? entry["id"].dump() : "?");
    if (!entry.is_object() || !entry.contains("image_id") || !entry["image_id"].is_number_integer()) {
      return MakeError(label + ": no integer image_id");
    }
    const auto it = by_id.find(entry["image_id"].get<int>());
    if (it == by_id.end()) return MakeError(label + ": image_id not among the images");
    if (entry.value("category_id", 1) != 1) continue;  // persons only
    const auto& bbox = entry.contains("bbox") ? entry["bbox"] : nlohmann::json();
    const auto& kps = entry.contains("keypoints") ? entry["keypoints"] : nlohmann::json();
    if (!bbox.is_array() || bbox.size() != 4 || !kps.is_array() ||
        kps.size() != 3 * kNumCocoKeypoints) {
      return MakeError(label + ": needs bbox [x,y,w,h] and 51 keypoint values");
    }
    for (const auto& v : bbox) {
      if (!v.is_number()) return MakeError(label + ": bbox holds a non-number");
    }
    for (const auto& v : kps) {
      if (!v.is_number()) return MakeError(label + ": keypoints hold a non-number");
    }
    GroundTruthPerson person;
    person.box = {bbox[0].get<double>(), bbox[1].get<double>(), bbox[2].get<double>(), bbox[3].get<double>()};
    if (!(person.box.w > 0.0) || !(person.box.h > 0.0)) return MakeError(label + ": empty bbox");
    for (int k = 0; k < kNumCocoKeypoints; ++k) {
      person.keypoints[k] = {kps[3 * k].get<double>(), kps[3 * k + 1].get<double>()};
      person.visibility[k] = static_cast<int>(kps[3 * k + 2].get<double>());
    }
    images[it->second].persons.push_back(person);
  }
  return images;
}

Result<std::vector<GroundTruthImage>> LoadCocoKeypoints(const std::string& path) {
  EP_ASSIGN_OR_RETURN(auto bytes, ReadFileBytes(path));
  return ParseCocoKeypoints(std::string(bytes.begin(), bytes.end()), path);
}

}  // namespace edgepose::eval
