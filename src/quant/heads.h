// Output heads of a quantized model and the "edgepose.heads" metadata that describes them, so an
// application can read a model's outputs whatever the quantization did to them:
// - each model output's dtype, shape, scale / zero point and treatment (int8, int16, float);
// - packed outputs split into separately quantized parts (passes/split_heads.h): which parts
//   make up the original output and how to interleave them back.
//
// Reassembly rule of a split output with `period` P: original element e (flat, row-major) has
// component c = e mod P; c belongs to exactly one part, whose `components` list holds it at
// position j; the value is element (e / P) * |components| + j of that part.
// The JSON format is documented in docs/quantization.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/npy.h"
#include "edgepose/model.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::quant {

inline constexpr const char* kHeadsMetadataName = "edgepose.heads";
inline constexpr int kHeadsMetadataVersion = 2;

struct HeadPart {
  std::string tensor;             // model output name
  int output_index = -1;          // position in the model's outputs
  std::vector<int> components;    // components of the packed head held here (all when unsplit)
  DType dtype = DType::kFloat32;
  float scale = 0.f;              // 0: float
  int64_t zero_point = 0;
  // One quantization step of the values: the scale, or for a float output the scale of the
  // integer tensor its final DEQUANTIZE reads (0 when the output is computed in float).
  double step = 0.0;
};

struct Head {
  std::string name;          // the float model's output name
  Shape shape;               // the float model's output shape
  int period = 1;            // components per packed element (1: not split)
  std::vector<HeadPart> parts;
};

class HeadLayout {
 public:
  // From the model's "edgepose.heads" metadata, or (no metadata: a float or foreign model) one
  // unsplit head per output.
  static HeadLayout FromModel(const tfl::ModelT& model);
  static Result<HeadLayout> FromJson(const nlohmann::json& json, const tfl::ModelT& model);

  const std::vector<Head>& heads() const { return heads_; }
  const Head* Find(const std::string& name) const;
  // The quantization step of a component of a head (HeadPart::step; 0 for an unknown head).
  double StepOf(const std::string& head, int component) const;

 private:
  std::vector<Head> heads_;
};

// A split head's values in the float model's order, from its parts' values (part order), by the
// reassembly rule above; an unsplit head's one part as it is.
template <class T>
Result<std::vector<T>> JoinHeadParts(const Head& head, std::vector<std::vector<T>> parts) {
  if (parts.size() != head.parts.size() || parts.empty())
    return MakeError("output head " + head.name + ": " + std::to_string(parts.size()) + " parts given, " +
                     std::to_string(head.parts.size()) + " expected");
  if (head.period == 1) return std::move(parts[0]);
  size_t total = 1;  // the float model's output size, else what the parts hold
  for (const int64_t d : head.shape) total *= static_cast<size_t>(d > 0 ? d : 0);
  if (head.shape.empty()) {
    total = 0;
    for (const auto& p : parts) total += p.size();
  }
  const size_t elements = total / head.period;  // packed elements
  // Every part checked before the output is allocated: the shape comes from metadata in the file.
  for (size_t k = 0; k < head.parts.size(); ++k)
    if (parts[k].size() != elements * head.parts[k].components.size())
      return MakeError("output head " + head.name + ": part " + head.parts[k].tensor + " has " +
                       std::to_string(parts[k].size()) + " values, expected " +
                       std::to_string(elements * head.parts[k].components.size()));
  std::vector<T> values(elements * head.period);
  for (size_t k = 0; k < head.parts.size(); ++k) {
    const auto& components = head.parts[k].components;
    for (size_t e = 0; e < elements; ++e)
      for (size_t j = 0; j < components.size(); ++j)
        values[e * head.period + components[j]] = parts[k][e * components.size() + j];
  }
  return values;
}

// Real values of a buffer of `dtype` (float32, int8, uint8, int16) with the given params.
std::vector<double> DequantizedValues(const uint8_t* bytes, size_t size, DType dtype, float scale, int64_t zero_point);

// The head `name` in the float model's layout, from outputs in model order.
Result<std::vector<double>> UnpackOutput(const HeadLayout& layout, const std::vector<NpyArray>& outputs,
                                         const std::string& name);

// One step of a model output: its scale, or for a float output the scale of the integer tensor
// its final DEQUANTIZE reads; 0 when none.
double OutputStep(const tfl::ModelT& model, const std::string& output_name);

// Writes the metadata entry (replacing an old one) from `heads` (the float model's outputs and
// how they were split) and the model's current outputs; returns the JSON written.
struct HeadsMetadataInput {
  std::string mode;
  std::vector<float> input_range;                  // empty when unknown
  std::vector<Head> heads;                         // parts: tensor + components only
  std::vector<std::pair<std::string, std::string>> treatments;  // output name -> treatment name
};
nlohmann::json WriteHeadsMetadata(tfl::ModelT& model, const HeadsMetadataInput& input);

// The model's "edgepose.heads" metadata, or null JSON when absent / unreadable.
nlohmann::json ReadHeadsMetadata(const tfl::ModelT& model);

}  // namespace edgepose::quant
