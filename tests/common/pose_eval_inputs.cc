#include "common/pose_eval_inputs.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/npy.h"
#include "image/image_to_tensor.h"
#include "pose/model_inputs.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

struct Annotations {
  std::vector<std::string> files;               // by image index
  std::vector<std::vector<std::array<float, 4>>> boxes;  // by image index: [x, y, w, h]
};

Result<Annotations> ReadAnnotations(const std::string& dir) {
  const std::string path = dir + "/annotations.json";
  std::ifstream in(path);
  if (!in) return MakeError(path + ": cannot open");
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("images") || !json.contains("annotations"))
    return MakeError(path + ": not a COCO keypoints file");
  Annotations result;
  std::map<int64_t, size_t> index_of_id;
  for (const auto& image : json["images"]) {
    index_of_id[image.value("id", int64_t{-1})] = result.files.size();
    result.files.push_back(image.value("file_name", std::string()));
  }
  result.boxes.resize(result.files.size());
  for (const auto& annotation : json["annotations"]) {
    const auto it = index_of_id.find(annotation.value("image_id", int64_t{-1}));
    const auto& box = annotation["bbox"];
    if (it == index_of_id.end() || !box.is_array() || box.size() != 4) continue;
    result.boxes[it->second].push_back({box[0].get<float>(), box[1].get<float>(), box[2].get<float>(),
                                        box[3].get<float>()});
  }
  return result;
}

Result<cv::Mat> ReadImage(const std::string& path) {
  cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  if (image.empty()) return MakeError(path + ": not a readable image");
  return image;
}

Result<std::vector<float>> Sample(const cv::Mat& image, const edgepose::image::PixelRect& roi,
                                  const edgepose::image::ImageToTensorOptions& options) {
  std::vector<float> data(static_cast<size_t>(options.output_width) * options.output_height * 3);
  edgepose::image::TensorDestination destination;
  destination.data = data.data();
  destination.bytes = data.size() * sizeof(float);
  EP_RETURN_IF_ERROR(edgepose::image::ImageToTensor(image, roi, options, destination));
  return data;
}

}  // namespace

Result<std::vector<PoseEvalInput>> LandmarkCropsFromGroundTruth(const std::string& pose_eval_dir, int size) {
  EP_ASSIGN_OR_RETURN(const Annotations annotations, ReadAnnotations(pose_eval_dir));
  edgepose::image::ImageToTensorOptions options = pose::LandmarkInputOptions();
  options.output_width = options.output_height = size;
  std::vector<PoseEvalInput> inputs;
  for (size_t i = 0; i < annotations.files.size(); ++i) {
    if (annotations.boxes[i].empty()) continue;
    EP_ASSIGN_OR_RETURN(const cv::Mat image, ReadImage(pose_eval_dir + "/" + annotations.files[i]));
    for (size_t p = 0; p < annotations.boxes[i].size(); ++p) {
      const auto& [x, y, w, h] = annotations.boxes[i][p];
      const float side = 1.25f * std::max(w, h);
      edgepose::image::PixelRect roi{x + 0.5f * w, y + 0.5f * h, side, side, 0.f};
      PoseEvalInput input;
      input.source = annotations.files[i] + "#" + std::to_string(p);
      input.image_index = static_cast<int>(i);
      EP_ASSIGN_OR_RETURN(input.data, Sample(image, roi, options));
      inputs.push_back(std::move(input));
    }
  }
  return inputs;
}

Result<std::vector<PoseEvalInput>> DetectorInputsFromImages(const std::string& pose_eval_dir, int size) {
  EP_ASSIGN_OR_RETURN(const Annotations annotations, ReadAnnotations(pose_eval_dir));
  edgepose::image::ImageToTensorOptions options = pose::DetectorInputOptions();
  options.output_width = options.output_height = size;
  std::vector<PoseEvalInput> inputs;
  for (size_t i = 0; i < annotations.files.size(); ++i) {
    EP_ASSIGN_OR_RETURN(const cv::Mat image, ReadImage(pose_eval_dir + "/" + annotations.files[i]));
    edgepose::image::PixelRect roi = edgepose::image::WholeImageRect(image.cols, image.rows);
    PoseEvalInput input;
    input.source = annotations.files[i];
    input.image_index = static_cast<int>(i);
    input.padding = edgepose::image::PadRoi(size, size, true, &roi);
    EP_ASSIGN_OR_RETURN(input.data, Sample(image, roi, options));
    inputs.push_back(std::move(input));
  }
  return inputs;
}

Result<std::vector<std::string>> WriteInputsAsNpy(const std::vector<PoseEvalInput>& inputs, int size,
                                                  const std::string& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return MakeError(directory + ": " + error.message());
  std::vector<std::string> paths;
  for (size_t i = 0; i < inputs.size(); ++i) {
    NpyArray array = MakeNpyArray(DType::kFloat32, {1, size, size, 3});
    if (array.data.size() != inputs[i].data.size() * sizeof(float))
      return MakeError(inputs[i].source + ": input size does not match " + std::to_string(size));
    std::memcpy(array.data.data(), inputs[i].data.data(), array.data.size());
    char name[32];
    std::snprintf(name, sizeof(name), "input_%03zu.npy", i);
    paths.push_back(directory + "/" + name);
    EP_RETURN_IF_ERROR(WriteNpy(paths.back(), array));
  }
  return paths;
}

}  // namespace edgepose::testing
