// COCO person-keypoints ground truth (data/pose-eval/annotations.json layout): images with
// their annotated persons. Unknown fields are ignored; malformed entries are errors that name
// the annotation.
#pragma once

#include <string>
#include <vector>

#include "edgepose/status.h"
#include "eval/keypoint_metrics.h"

namespace edgepose::eval {

struct GroundTruthImage {
  int id = 0;
  std::string file_name;  // relative to the annotation file's folder
  int width = 0;
  int height = 0;
  std::string dataset;  // "source_dataset", "unknown" when absent
  std::vector<GroundTruthPerson> persons;
};

Result<std::vector<GroundTruthImage>> LoadCocoKeypoints(const std::string& path);
Result<std::vector<GroundTruthImage>> ParseCocoKeypoints(const std::string& json_text,
                                                         const std::string& name);

}  // namespace edgepose::eval
