// `edgepose eval`: the pose pipeline against COCO-style ground truth (eval/coco_annotations.h)
// and, optionally, one model set against another.
//
// Two protocols, both reported:
//   single: what MediaPipe's Pose solution returns for a photo, one pose per image from the
//           best detection; it is matched to the ground-truth person whose box overlaps the
//           pose's landmark box most (IoU >= min_iou), and PCK is over those matched persons
//           (comparable with MediaPipe's own answers, see --predictions).
//   all:    every annotated person. The landmark model runs on every detection kept by NMS;
//           poses and persons are matched one to one by IoU; a person no detection matched gets
//           the landmark model run from its ground-truth box (counted separately), and a person
//           still without a pose counts all its keypoints as missed.
// Detection recall = persons matched through the detector / annotated persons.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgepose/status.h"
#include "eval/coco_annotations.h"
#include "eval/keypoint_metrics.h"
#include "pose/pipeline.h"

namespace edgepose::eval {

struct PoseEvalOptions {
  double alpha = 0.2;
  double min_iou = 0.1;        // pose landmark box vs ground-truth box
  int max_detections = 10;     // detections per image that get the landmark model
  bool ground_truth_fallback = true;
  double fallback_scale = 1.25;  // ROI side = scale x long side of the ground-truth box
};

enum class PoseSource { kNone, kDetector, kGroundTruthBox };
const char* PoseSourceName(PoseSource source);

struct PersonPose {
  PoseSource source = PoseSource::kNone;
  std::vector<Point2> landmarks;  // 33 in pixels; empty without a pose
  // The landmark model's pose presence on the run behind this entry (for a person left without a
  // pose: its ground-truth-box rerun's); negative when no landmark model ran for this person.
  float presence = -1.f;
};

struct ModelSetEval {
  std::string label;
  std::vector<std::vector<PersonPose>> persons;  // [image][person], protocol "all"
  int64_t annotated_persons = 0;
  int64_t detected_persons = 0;
  int64_t ground_truth_box_persons = 0;
  int64_t persons_without_pose = 0;
  int64_t single_images_with_pose = 0;
  int64_t single_matched_persons = 0;
  PckTable all_torso, all_box, single_torso, single_box;
  explicit ModelSetEval(double alpha = 0.2)
      : all_torso(alpha), all_box(alpha), single_torso(alpha), single_box(alpha) {}
};

// Runs `pipeline` (create it in static mode, no smoothing) on every image; images are read
// from `image_dir`.
Result<ModelSetEval> EvaluatePipeline(pose::PosePipeline& pipeline,
                                      const std::vector<GroundTruthImage>& images,
                                      const std::string& image_dir, const PoseEvalOptions& options,
                                      const std::string& label);

// Scores saved single-pose answers in MediaPipe's reference format
// ([{"file", "width", "height", "landmarks": [[x, y, z, visibility] x 33] | null}], x, y
// normalized). Only protocol "single" has a pipeline behind it: protocol "all" counts persons
// without an answer as missed, with no detector or ground-truth-box rerun.
Result<ModelSetEval> EvaluatePredictions(const std::string& predictions_path,
                                         const std::vector<GroundTruthImage>& images,
                                         const PoseEvalOptions& options);

// A person the two sets score differently. A person with a pose in one set only moves all its
// labelled keypoints between hit and miss at once, so a few of these outweigh every landmark
// distance in a PCK difference (on pose-eval one person is 2-3 points); the presences show how
// close to the 0.5 line they were, the sources whether a detection or a ground-truth box led there.
struct PersonChange {
  std::string file;
  int person = 0;              // index among the image's annotated persons
  int labelled_keypoints = 0;  // COCO keypoints with visibility > 0
  bool pose_in_first = false, pose_in_second = false;
  PoseSource source_first = PoseSource::kNone, source_second = PoseSource::kNone;
  int64_t torso_hits_first = 0, torso_hits_second = 0;  // PCK@alpha (torso) hits; 0 without a pose
  float presence_first = -1.f, presence_second = -1.f;  // PersonPose::presence
};

struct PoseComparison {
  int64_t persons = 0;  // persons with a pose in both sets (protocol "all")
  Spread pixels;        // per landmark, all 33
  Spread box_fraction;  // distance / long side of the ground-truth box
  std::vector<PersonChange> one_set_only;  // pose in one set only, in annotation order
  // Pose in both sets but a different number of torso hits, largest difference first.
  std::vector<PersonChange> hits_changed;
  // PCK@alpha (torso) of each set over the persons both give a pose: the landmarks' share of a
  // PCK difference, without the persons above.
  PckTable torso_first_on_common, torso_second_on_common;
};
// `a` is the first (primary) set, `b` the second.
PoseComparison ComparePoses(const ModelSetEval& a, const ModelSetEval& b,
                            const std::vector<GroundTruthImage>& images);
// Human-readable, "second" vs "primary"; lists at most `max_listed` of the hits_changed persons.
std::string FormatComparison(const PoseComparison& comparison, size_t max_listed = 10);

nlohmann::json EvalToJson(const ModelSetEval& eval);
nlohmann::json ComparisonToJson(const PoseComparison& comparison);
std::string FormatEval(const ModelSetEval& eval);  // human-readable, a few lines per table

}  // namespace edgepose::eval
