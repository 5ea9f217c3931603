#include "eval/pose_eval.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>

#include <opencv2/imgcodecs.hpp>

#include "edgepose/file_io.h"
#include "pose/roi.h"

namespace edgepose::eval {
namespace {

std::vector<Point2> ToPixels(const pose::PoseResult& result) {
  std::vector<Point2> points;
  if (!result.pose_present) return points;
  for (const pose::Landmark& lm : result.landmarks) {
    points.push_back({static_cast<double>(lm.x) * result.image_width,
                      static_cast<double>(lm.y) * result.image_height});
  }
  return points;
}

// The landmarks' box, clipped to the image: ground-truth boxes are clipped too, and the
// model's guesses for points outside the frame would otherwise stretch it.
Box PoseBox(const std::vector<Point2>& landmarks, int width, int height) {
  std::vector<Point2> clipped = landmarks;
  for (Point2& p : clipped) {
    p.x = std::clamp(p.x, 0.0, static_cast<double>(width));
    p.y = std::clamp(p.y, 0.0, static_cast<double>(height));
  }
  return BoundingBox(clipped);
}

pose::NormalizedRect RoiFromBox(const Box& box, int width, int height, double scale) {
  const double side = scale * BoxSize(box);
  pose::NormalizedRect roi;
  roi.x_center = static_cast<float>((box.x + box.w / 2) / width);
  roi.y_center = static_cast<float>((box.y + box.h / 2) / height);
  roi.width = static_cast<float>(side / width);
  roi.height = static_cast<float>(side / height);
  return roi;
}

void AddPerson(PckTable& torso, PckTable& box, const GroundTruthPerson& person,
               const std::vector<Point2>& landmarks, const std::string& dataset) {
  const std::vector<Point2> coco = CocoFromBlazePose(landmarks);
  const std::vector<Point2>* predicted = coco.empty() ? nullptr : &coco;
  torso.Add(person, predicted, TorsoSize(person), dataset);
  box.Add(person, predicted, BoxSize(person.box), dataset);
}

// Protocol "single": the image's one pose goes to the best-overlapping person, if any.
void ScoreSingle(ModelSetEval& eval, const GroundTruthImage& image,
                 const std::vector<Point2>& landmarks, const PoseEvalOptions& options) {
  if (landmarks.empty()) return;
  ++eval.single_images_with_pose;
  std::vector<Box> boxes;
  for (const auto& person : image.persons) boxes.push_back(person.box);
  const auto match = MatchByIou(boxes, {PoseBox(landmarks, image.width, image.height)}, options.min_iou);
  for (size_t p = 0; p < match.size(); ++p) {
    if (match[p] != 0) continue;
    ++eval.single_matched_persons;
    AddPerson(eval.single_torso, eval.single_box, image.persons[p], landmarks, image.dataset);
  }
}

void ScoreAll(ModelSetEval& eval, const GroundTruthImage& image, std::vector<PersonPose> poses) {
  for (size_t p = 0; p < image.persons.size(); ++p) {
    const PersonPose& pose = poses[p];
    ++eval.annotated_persons;
    if (pose.source == PoseSource::kDetector) ++eval.detected_persons;
    if (pose.source == PoseSource::kGroundTruthBox) ++eval.ground_truth_box_persons;
    if (pose.landmarks.empty()) ++eval.persons_without_pose;
    AddPerson(eval.all_torso, eval.all_box, image.persons[p], pose.landmarks, image.dataset);
  }
  eval.persons.push_back(std::move(poses));
}

nlohmann::json TableJson(const PckTable& table) {
  nlohmann::json json = {{"alpha", table.alpha()},
                         {"percent", table.all().percent()},
                         {"correct", table.all().correct},
                         {"keypoints", table.all().total},
                         {"persons", table.persons()},
                         {"persons_without_size", table.unsized_persons()}};
  for (int k = 0; k < kNumCocoKeypoints; ++k) {
    json["per_keypoint"][CocoKeypointNames()[k]] = table.per_keypoint()[k].percent();
  }
  for (const auto& [group, count] : table.per_group()) {
    json["per_dataset"][group] = {{"percent", count.percent()}, {"keypoints", count.total}};
  }
  return json;
}

std::string TableLine(const char* name, const PckTable& table) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), "  %-22s %5.1f %%  (%lld/%lld keypoints, %lld persons)\n", name,
                table.all().percent(), static_cast<long long>(table.all().correct),
                static_cast<long long>(table.all().total), static_cast<long long>(table.persons()));
  return buffer;
}

}  // namespace

const char* PoseSourceName(PoseSource source) {
  switch (source) {
    case PoseSource::kDetector: return "detector";
    case PoseSource::kGroundTruthBox: return "ground_truth_box";
    case PoseSource::kNone: break;
  }
  return "none";
}

Result<ModelSetEval> EvaluatePipeline(pose::PosePipeline& pipeline,
                                      const std::vector<GroundTruthImage>& images,
                                      const std::string& image_dir, const PoseEvalOptions& options,
                                      const std::string& label) {
  ModelSetEval eval(options.alpha);
  eval.label = label;
  for (const GroundTruthImage& image : images) {
    const std::string path = image_dir + "/" + image.file_name;
    cv::Mat bgr;
    try {
      bgr = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const std::exception& e) {
      return MakeError(path + ": " + e.what());
    }
    if (bgr.empty()) return MakeError(path + ": cannot read image");
    if ((image.width > 0 && bgr.cols != image.width) || (image.height > 0 && bgr.rows != image.height)) {
      return MakeError(path + ": size differs from the annotation");
    }
    pipeline.Reset();
    EP_ASSIGN_OR_RETURN(pose::PoseResult first, WithContext(pipeline.Process(bgr, 0), path));
    // Every detection's pose (the first one is the pipeline's own answer).
    std::vector<PersonPose> detected{{PoseSource::kDetector, ToPixels(first), first.pose_presence}};
    const int n = std::min<int>(options.max_detections, static_cast<int>(first.detections.size()));
    for (int d = 1; d < n; ++d) {
      const auto roi = pose::RoiFromDetection(first.detections[d], bgr.cols, bgr.rows);
      EP_ASSIGN_OR_RETURN(pose::PoseResult r, WithContext(pipeline.ProcessRoi(bgr, roi), path));
      detected.push_back({PoseSource::kDetector, ToPixels(r), r.pose_presence});
    }
    ScoreSingle(eval, image, detected[0].landmarks, options);

    std::vector<Box> gt_boxes, pose_boxes;
    std::vector<int> pose_of_box;
    for (const auto& person : image.persons) gt_boxes.push_back(person.box);
    for (size_t d = 0; d < detected.size(); ++d) {
      if (detected[d].landmarks.empty()) continue;
      pose_boxes.push_back(PoseBox(detected[d].landmarks, bgr.cols, bgr.rows));
      pose_of_box.push_back(static_cast<int>(d));
    }
    const auto match = MatchByIou(gt_boxes, pose_boxes, options.min_iou);
    std::vector<PersonPose> poses(image.persons.size());
    for (size_t p = 0; p < image.persons.size(); ++p) {
      if (match[p] >= 0) {
        poses[p] = detected[pose_of_box[match[p]]];
      } else if (options.ground_truth_fallback) {
        const auto roi = RoiFromBox(image.persons[p].box, bgr.cols, bgr.rows, options.fallback_scale);
        EP_ASSIGN_OR_RETURN(pose::PoseResult r, WithContext(pipeline.ProcessRoi(bgr, roi), path));
        poses[p].presence = r.pose_presence;
        poses[p].landmarks = ToPixels(r);
        if (!poses[p].landmarks.empty()) poses[p].source = PoseSource::kGroundTruthBox;
      }
    }
    ScoreAll(eval, image, std::move(poses));
  }
  return eval;
}

Result<ModelSetEval> EvaluatePredictions(const std::string& predictions_path,
                                         const std::vector<GroundTruthImage>& images,
                                         const PoseEvalOptions& options) {
  EP_ASSIGN_OR_RETURN(auto bytes, ReadFileBytes(predictions_path));
  const auto root = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (root.is_discarded() || !root.is_array()) {
    return MakeError(predictions_path + ": expected a JSON array of per-image records");
  }
  std::map<std::string, std::vector<Point2>> by_file;
  for (const auto& record : root) {
    if (!record.is_object() || !record.contains("file") || !record["file"].is_string()) {
      return MakeError(predictions_path + ": record without 'file'");
    }
    const std::string file = record["file"].get<std::string>();
    std::vector<Point2> landmarks;
    const auto& list = record.contains("landmarks") ? record["landmarks"] : nlohmann::json();
    if (list.is_array()) {
      const double w = record.value("width", 0.0), h = record.value("height", 0.0);
      if (!(w > 0 && h > 0)) return MakeError(predictions_path + ": " + file + ": no width/height");
      for (const auto& point : list) {
        if (!point.is_array() || point.size() < 2 || !point[0].is_number() || !point[1].is_number()) {
          return MakeError(predictions_path + ": " + file + ": malformed landmark");
        }
        landmarks.push_back({point[0].get<double>() * w, point[1].get<double>() * h});
      }
    }
    by_file[file] = std::move(landmarks);
  }
  ModelSetEval eval(options.alpha);
  eval.label = predictions_path;
  for (const GroundTruthImage& image : images) {
    const auto it = by_file.find(image.file_name);
    const std::vector<Point2> landmarks = it == by_file.end() ? std::vector<Point2>() : it->second;
    ScoreSingle(eval, image, landmarks, options);
    std::vector<Box> gt_boxes;
    for (const auto& person : image.persons) gt_boxes.push_back(person.box);
    std::vector<Box> pose_boxes;
    if (!landmarks.empty()) pose_boxes.push_back(PoseBox(landmarks, image.width, image.height));
    const auto match = MatchByIou(gt_boxes, pose_boxes, options.min_iou);
    std::vector<PersonPose> poses(image.persons.size());
    for (size_t p = 0; p < match.size(); ++p) {
      if (match[p] == 0) poses[p] = {PoseSource::kDetector, landmarks};
    }
    ScoreAll(eval, image, std::move(poses));
  }
  return eval;
}

// PCK@alpha (torso) hits of one person; 0 without a pose or a torso.
int64_t TorsoHits(const GroundTruthPerson& person, const std::vector<Point2>& coco, double alpha) {
  PckTable table(alpha);
  table.Add(person, coco.empty() ? nullptr : &coco, TorsoSize(person), "");
  return table.all().correct;
}

PoseComparison ComparePoses(const ModelSetEval& a, const ModelSetEval& b,
                            const std::vector<GroundTruthImage>& images) {
  PoseComparison comparison;
  const double alpha = a.all_torso.alpha();
  comparison.torso_first_on_common = comparison.torso_second_on_common = PckTable(alpha);
  std::vector<double> pixels, fractions;
  const size_t n = std::min({a.persons.size(), b.persons.size(), images.size()});
  for (size_t i = 0; i < n; ++i) {
    for (size_t p = 0; p < images[i].persons.size() && p < a.persons[i].size() && p < b.persons[i].size(); ++p) {
      const GroundTruthPerson& person = images[i].persons[p];
      const PersonPose& pa = a.persons[i][p];
      const PersonPose& pb = b.persons[i][p];
      const auto& la = pa.landmarks;
      const auto& lb = pb.landmarks;
      const std::vector<Point2> coco_a = CocoFromBlazePose(la), coco_b = CocoFromBlazePose(lb);
      const int labelled = static_cast<int>(
          std::count_if(person.visibility.begin(), person.visibility.end(), [](int v) { return v > 0; }));
      const PersonChange change{.file = images[i].file_name,
                                .person = static_cast<int>(p),
                                .labelled_keypoints = labelled,
                                .pose_in_first = !la.empty(),
                                .pose_in_second = !lb.empty(),
                                .source_first = pa.source,
                                .source_second = pb.source,
                                .torso_hits_first = TorsoHits(person, coco_a, alpha),
                                .torso_hits_second = TorsoHits(person, coco_b, alpha),
                                .presence_first = pa.presence,
                                .presence_second = pb.presence};
      if (la.empty() != lb.empty()) comparison.one_set_only.push_back(change);
      if (la.empty() || lb.empty() || la.size() != lb.size()) continue;
      if (change.torso_hits_first != change.torso_hits_second) comparison.hits_changed.push_back(change);
      ++comparison.persons;
      const std::string& dataset = images[i].dataset;
      comparison.torso_first_on_common.Add(person, coco_a.empty() ? nullptr : &coco_a, TorsoSize(person), dataset);
      comparison.torso_second_on_common.Add(person, coco_b.empty() ? nullptr : &coco_b, TorsoSize(person), dataset);
      const double size = BoxSize(person.box);
      for (size_t k = 0; k < la.size(); ++k) {
        const double d = std::hypot(la[k].x - lb[k].x, la[k].y - lb[k].y);
        pixels.push_back(d);
        fractions.push_back(size > 0 ? d / size : 0.0);
      }
    }
  }
  std::stable_sort(comparison.hits_changed.begin(), comparison.hits_changed.end(),
                   [](const PersonChange& x, const PersonChange& y) {
                     return std::abs(x.torso_hits_first - x.torso_hits_second) >
                            std::abs(y.torso_hits_first - y.torso_hits_second);
                   });
  comparison.pixels = SpreadOf(std::move(pixels));
  comparison.box_fraction = SpreadOf(std::move(fractions));
  return comparison;
}

nlohmann::json EvalToJson(const ModelSetEval& e) {
  auto ratio = [](int64_t a, int64_t b) { return b > 0 ? 100.0 * a / b : 0.0; };
  return {{"label", e.label},
          {"annotated_persons", e.annotated_persons},
          {"detected_persons", e.detected_persons},
          {"detection_recall_percent", ratio(e.detected_persons, e.annotated_persons)},
          {"ground_truth_box_persons", e.ground_truth_box_persons},
          {"persons_without_pose", e.persons_without_pose},
          {"single", {{"images_with_pose", e.single_images_with_pose},
                      {"matched_persons", e.single_matched_persons},
                      {"pck_torso", TableJson(e.single_torso)},
                      {"pck_box", TableJson(e.single_box)}}},
          {"all", {{"pck_torso", TableJson(e.all_torso)}, {"pck_box", TableJson(e.all_box)}}}};
}

nlohmann::json ComparisonToJson(const PoseComparison& c) {
  auto presence = [](float p) { return p < 0 ? nlohmann::json() : nlohmann::json(p); };
  auto to_json = [&](const std::vector<PersonChange>& changes) {
    nlohmann::json list = nlohmann::json::array();
    for (const PersonChange& o : changes)
      list.push_back({{"file", o.file},
                      {"person", o.person},
                      {"labelled_keypoints", o.labelled_keypoints},
                      {"pose_in", o.pose_in_first && o.pose_in_second ? "both"
                                  : o.pose_in_first                   ? "primary"
                                                                      : "second"},
                      {"source_primary", PoseSourceName(o.source_first)},
                      {"source_second", PoseSourceName(o.source_second)},
                      {"torso_hits_primary", o.torso_hits_first},
                      {"torso_hits_second", o.torso_hits_second},
                      {"presence_primary", presence(o.presence_first)},
                      {"presence_second", presence(o.presence_second)}});
    return list;
  };
  return {{"persons", c.persons},
          {"landmarks", c.pixels.count},
          {"mean_px", c.pixels.mean},
          {"p95_px", c.pixels.p95},
          {"mean_box_fraction", c.box_fraction.mean},
          {"p95_box_fraction", c.box_fraction.p95},
          {"pose_in_one_set_only", to_json(c.one_set_only)},
          {"torso_hits_changed", to_json(c.hits_changed)},
          {"pck_torso_on_common_persons",
           {{"primary", TableJson(c.torso_first_on_common)}, {"second", TableJson(c.torso_second_on_common)}}}};
}

std::string FormatComparison(const PoseComparison& c, size_t max_listed) {
  char line[512];
  std::snprintf(line, sizeof(line),
                "distance to the primary set (%lld persons, all 33 landmarks): mean %.2f px, p95 %.2f px; "
                "mean %.4f, p95 %.4f of the box\n",
                static_cast<long long>(c.persons), c.pixels.mean, c.pixels.p95, c.box_fraction.mean,
                c.box_fraction.p95);
  std::string text = line;
  std::snprintf(line, sizeof(line), "on the %lld persons with a pose in both sets:\n",
                static_cast<long long>(c.persons));
  text += line;
  text += TableLine("primary PCK torso", c.torso_first_on_common);
  text += TableLine("second PCK torso", c.torso_second_on_common);
  std::snprintf(line, sizeof(line), "pose in one set only: %zu persons%s\n", c.one_set_only.size(),
                c.one_set_only.empty() ? "" : " (each moves all its labelled keypoints between hit and miss)");
  text += line;
  auto presence = [](float p) {
    char value[16] = "-";
    if (p >= 0) std::snprintf(value, sizeof(value), "%.3f", p);
    return std::string(value);
  };
  for (const PersonChange& o : c.one_set_only) {
    std::snprintf(line, sizeof(line),
                  "  %s person %d (%d labelled keypoints): pose in the %s set only; presence %s primary, %s second\n",
                  o.file.c_str(), o.person, o.labelled_keypoints, o.pose_in_first ? "primary" : "second",
                  presence(o.presence_first).c_str(), presence(o.presence_second).c_str());
    text += line;
  }
  int64_t net = 0;
  for (const PersonChange& o : c.hits_changed) net += o.torso_hits_first - o.torso_hits_second;
  std::snprintf(line, sizeof(line),
                "pose in both, torso hits differ: %zu persons (primary - second: %+lld keypoints)%s\n",
                c.hits_changed.size(), static_cast<long long>(net),
                c.hits_changed.size() > max_listed ? ", largest first" : "");
  text += line;
  for (size_t i = 0; i < c.hits_changed.size() && i < max_listed; ++i) {
    const PersonChange& o = c.hits_changed[i];
    std::snprintf(line, sizeof(line), "  %s person %d: %lld primary (%s), %lld second (%s) of %d; presence %s, %s\n",
                  o.file.c_str(), o.person, static_cast<long long>(o.torso_hits_first), PoseSourceName(o.source_first),
                  static_cast<long long>(o.torso_hits_second), PoseSourceName(o.source_second), o.labelled_keypoints,
                  presence(o.presence_first).c_str(), presence(o.presence_second).c_str());
    text += line;
  }
  return text;
}

std::string FormatEval(const ModelSetEval& e) {
  char head[320];
  std::snprintf(head, sizeof(head),
                "%s\n  persons %lld: detected %lld (recall %.1f %%), from ground-truth box %lld, "
                "no pose %lld\n  single pose per image: %lld images with a pose, %lld matched persons\n",
                e.label.c_str(), static_cast<long long>(e.annotated_persons),
                static_cast<long long>(e.detected_persons),
                e.annotated_persons ? 100.0 * e.detected_persons / e.annotated_persons : 0.0,
                static_cast<long long>(e.ground_truth_box_persons),
                static_cast<long long>(e.persons_without_pose),
                static_cast<long long>(e.single_images_with_pose),
                static_cast<long long>(e.single_matched_persons));
  std::string text = head;
  text += TableLine("single PCK torso", e.single_torso);
  text += TableLine("single PCK box", e.single_box);
  text += TableLine("all PCK torso", e.all_torso);
  text += TableLine("all PCK box", e.all_box);
  return text;
}

}  // namespace edgepose::eval
