// The outputs the pose pipeline reads, found in any variant of MediaPipe's two models: float,
// quantized, or quantized with packed outputs split into separately quantized parts
// (`edgepose quantize --split`, recorded in the "edgepose.heads" metadata, quant/heads.h). Heads
// are recognized by the float model's output shapes, so renamed or reordered outputs still work:
// detector [1,N,12] boxes and [1,N,1] scores; landmark [1,195] landmarks, [1,1] presence,
// [1,64,64,39] heatmap, [1,117] world landmarks. Outputs no head uses (the landmark model's
// [1,256,256,1] segmentation) are pruned before the model runs: the pipeline draws no mask, and
// its head is ~10 % of the full model's float time and more of the int8 one's.
#pragma once

#include <string>
#include <vector>

#include "edgepose/interpreter.h"
#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/heads.h"

namespace edgepose::pose {

// One head and, once bound to an interpreter, the output index of each of its parts (by name:
// pruning renumbers the outputs HeadPart::output_index was read from).
struct HeadReader {
  quant::Head head;
  std::vector<int> outputs;
  bool found() const { return !head.parts.empty(); }
};

struct DetectorHeads {
  HeadReader boxes, scores;
};
struct LandmarkHeads {
  HeadReader landmarks, presence, heatmap, world;  // heatmap and world optional
};

// Finds the heads in `model` (errors name `model_name` and the heads that are missing).
Result<DetectorHeads> FindDetectorHeads(const Model& model, const std::string& model_name);
Result<LandmarkHeads> FindLandmarkHeads(const Model& model, const std::string& model_name);

// Removes the outputs (and the ops feeding only them) that none of `heads` reads.
Status PruneUnreadOutputs(Model& model, const std::vector<const HeadReader*>& heads);

// Points each part of the found heads at its output in `interpreter`, by name.
Status BindHeads(const Interpreter& interpreter, const std::vector<HeadReader*>& heads, const std::string& model_name);

// The head's values as floats in the float model's layout.
Result<std::vector<float>> ReadHead(const Interpreter& interpreter, const HeadReader& reader);

}  // namespace edgepose::pose
