#include "pose/model_heads.h"

#include <numeric>
#include <set>

#include "model/passes/prune_outputs.h"
#include "pose/landmarks.h"
#include "pose/pipeline.h"

namespace edgepose::pose {
namespace {

int64_t Elements(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<int64_t>());
}

}  // namespace

Result<DetectorHeads> FindDetectorHeads(const Model& model, const std::string& model_name) {
  DetectorHeads heads;
  const quant::HeadLayout layout = quant::HeadLayout::FromModel(model.ir());
  for (const quant::Head& head : layout.heads()) {
    if (head.shape.size() != 3) continue;
    if (head.shape[2] == 12) heads.boxes.head = head;
    if (head.shape[2] == 1) heads.scores.head = head;
  }
  if (!heads.boxes.found() || !heads.scores.found())
    return MakeError(model_name + ": expected outputs [1,N,12] and [1,N,1]");
  return heads;
}

Result<LandmarkHeads> FindLandmarkHeads(const Model& model, const std::string& model_name) {
  LandmarkHeads heads;
  const quant::HeadLayout layout = quant::HeadLayout::FromModel(model.ir());
  for (const quant::Head& head : layout.heads()) {
    const int64_t n = Elements(head.shape);
    if (n == kNumModelLandmarks * 5) heads.landmarks.head = head;
    if (n == 1) heads.presence.head = head;
    if (n == kNumModelLandmarks * 3) heads.world.head = head;
    if (head.shape.size() == 4 && head.shape[3] == kNumModelLandmarks) heads.heatmap.head = head;
  }
  if (!heads.landmarks.found() || !heads.presence.found())
    return MakeError(model_name + ": expected outputs [1,195] and [1,1]");
  return heads;
}

Status PruneUnreadOutputs(Model& model, const std::vector<const HeadReader*>& heads) {
  std::set<std::string> read;
  for (const HeadReader* reader : heads)
    for (const quant::HeadPart& part : reader->head.parts) read.insert(part.tensor);
  const auto& sg = *model.ir().subgraphs[0];
  if (read.size() >= sg.outputs.size()) return Ok();
  return model::PruneOutputs(model, std::vector<std::string>(read.begin(), read.end()));
}

Status BindHeads(const Interpreter& interpreter, const std::vector<HeadReader*>& heads, const std::string& model_name) {
  for (HeadReader* reader : heads) {
    reader->outputs.clear();
    for (const quant::HeadPart& part : reader->head.parts) {
      int index = -1;
      for (size_t i = 0; i < interpreter.output_count(); ++i)
        if (interpreter.output(i).name == part.tensor) index = static_cast<int>(i);
      if (index < 0) return MakeError(model_name + ": output " + part.tensor + " of head " + reader->head.name + " is missing");
      reader->outputs.push_back(index);
    }
  }
  return Ok();
}

Result<std::vector<float>> ReadHead(const Interpreter& interpreter, const HeadReader& reader) {
  std::vector<std::vector<float>> parts;
  for (int output : reader.outputs) {
    EP_ASSIGN_OR_RETURN(auto values, TensorToFloats(interpreter.output(output)));
    parts.push_back(std::move(values));
  }
  return quant::JoinHeadParts(reader.head, std::move(parts));
}

}  // namespace edgepose::pose
