// Model inputs made from the ground truth of data/pose-eval (annotations.json) for accuracy tests
// of quantized models, following the quantization issue's protocol:
// - landmark model: a square, upright crop around each ground-truth person box, side 1.25 x the
//   box's longer side, sampled like MediaPipe's landmark input (256 x 256, [0, 1], replicate border);
// - detector: the whole image letterboxed like MediaPipe's detector input (224 x 224, [-1, 1],
//   zero border).
// Each input carries the index of its image in annotations.json so that tests can calibrate on
// some images and score on the others (e.g. by index parity).
#pragma once

#include <string>
#include <vector>

#include "edgepose/status.h"
#include "pose/types.h"

namespace edgepose::testing {

struct PoseEvalInput {
  std::string source;  // "<file name>#<person>" or the file name
  int image_index = 0;  // position in annotations.json "images"
  std::vector<float> data;  // NHWC float32
  pose::LetterboxPadding padding;  // detector inputs: the letterbox of the image
};

// Square crops of `size` x `size` around every annotated person.
Result<std::vector<PoseEvalInput>> LandmarkCropsFromGroundTruth(const std::string& pose_eval_dir, int size = 256);

// Every image letterboxed to `size` x `size`.
Result<std::vector<PoseEvalInput>> DetectorInputsFromImages(const std::string& pose_eval_dir, int size = 224);

// Writes each input as float32 .npy of shape [1, H, W, 3] into `directory` (created if needed);
// returns the paths.
Result<std::vector<std::string>> WriteInputsAsNpy(const std::vector<PoseEvalInput>& inputs, int size,
                                                  const std::string& directory);

}  // namespace edgepose::testing
