#include "model/passes/fold_constants.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/float16.h"
#include "model/passes/remove_dead_tensors.h"
#include "model/sparsity.h"
#include "model/tensor_utils.h"

namespace edgepose::model {
namespace {

template <class T>
T LoadScalar(const uint8_t* bytes, size_t index) {
  T value;
  std::memcpy(&value, bytes + index * sizeof(T), sizeof(T));
  return value;
}

std::vector<uint8_t> FloatBytes(const std::vector<float>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// real = scale[c] * (q - zero_point[c]), c = the coordinate along quantized_dimension.
template <class T>
std::vector<float> DequantizeAffine(const tfl::TensorT& tensor, const std::vector<uint8_t>& data,
                                    size_t count) {
  const auto& q = *tensor.quantization;
  const size_t channels = q.scale.size();
  size_t inner = 1;  // elements per step of the quantized dimension
  if (channels > 1) {
    for (size_t d = q.quantized_dimension + 1; d < tensor.shape.size(); ++d) inner *= tensor.shape[d];
  }
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t c = channels > 1 ? (i / inner) % channels : 0;
    values[i] = q.scale[c] * static_cast<float>(static_cast<int64_t>(LoadScalar<T>(data.data(), i)) -
                                                q.zero_point[c]);
  }
  return values;
}

// Float32 bytes for a DEQUANTIZE of constant `input`, or an empty result when the dtype is
// not one we fold.
Result<std::vector<uint8_t>> DequantizedBytes(const tfl::TensorT& input,
                                              const std::vector<uint8_t>& data) {
  EP_ASSIGN_OR_RETURN(int64_t count, NumElements(input.shape));
  const size_t n = static_cast<size_t>(count);
  if (input.type == tfl::TensorType_FLOAT16) {
    std::vector<float> values(n);
    for (size_t i = 0; i < n; ++i) values[i] = HalfToFloat(LoadScalar<uint16_t>(data.data(), i));
    return FloatBytes(values);
  }
  const bool affine = input.quantization && !input.quantization->scale.empty() &&
                      input.quantization->scale.size() == input.quantization->zero_point.size();
  if (!affine) return std::vector<uint8_t>{};
  switch (input.type) {
    case tfl::TensorType_INT8: return FloatBytes(DequantizeAffine<int8_t>(input, data, n));
    case tfl::TensorType_UINT8: return FloatBytes(DequantizeAffine<uint8_t>(input, data, n));
    case tfl::TensorType_INT16: return FloatBytes(DequantizeAffine<int16_t>(input, data, n));
    default: return std::vector<uint8_t>{};
  }
}

Status FoldSubgraph(tfl::ModelT& ir, int subgraph_index, FoldStats& stats) {
  tfl::SubGraphT& subgraph = *ir.subgraphs[subgraph_index];
  std::vector<bool> folded(subgraph.operators.size(), false);
  for (size_t i = 0; i < subgraph.operators.size(); ++i) {
    const tfl::OperatorT& op = *subgraph.operators[i];
    const tfl::BuiltinOperator code = BuiltinCode(*ir.operator_codes[op.opcode_index]);
    if (code != tfl::BuiltinOperator_DEQUANTIZE && code != tfl::BuiltinOperator_DENSIFY) continue;
    if (op.inputs.size() != 1 || op.outputs.size() != 1 || op.inputs[0] < 0) continue;
    const tfl::TensorT& input = *subgraph.tensors[op.inputs[0]];
    tfl::TensorT& output = *subgraph.tensors[op.outputs[0]];
    const std::vector<uint8_t>* data = ConstantData(ir, input);
    if (!data || input.is_variable) continue;
    if (std::count(subgraph.outputs.begin(), subgraph.outputs.end(), op.outputs[0]) > 0) continue;
    const std::string label = "subgraph " + std::to_string(subgraph_index) + " operator " +
                              std::to_string(i) + " (" + OpName(code) + ")";

    std::vector<uint8_t> bytes;
    if (code == tfl::BuiltinOperator_DENSIFY) {
      if (!input.sparsity) continue;
      if (output.type != input.type) {
        return MakeError(label + ": output dtype " + TensorTypeName(output.type) +
                         " differs from input dtype " + TensorTypeName(input.type));
      }
      EP_ASSIGN_OR_RETURN(bytes, WithContext(Densify(input, data->data(), data->size()), label));
    } else {
      if (input.sparsity || output.type != tfl::TensorType_FLOAT32) continue;
      EP_ASSIGN_OR_RETURN(bytes, WithContext(DequantizedBytes(input, *data), label));
      if (bytes.empty()) continue;
    }
    EP_ASSIGN_OR_RETURN(int64_t output_elements, WithContext(NumElements(output.shape), label));
    if (static_cast<uint64_t>(output_elements) * TensorTypeSize(output.type) != bytes.size()) {
      return MakeError(label + ": output shape " + ShapeToString(output.shape) +
                       " does not match the input's " + std::to_string(bytes.size()) + " bytes");
    }
    auto buffer = std::make_unique<tfl::BufferT>();
    buffer->data = std::move(bytes);
    output.buffer = static_cast<uint32_t>(ir.buffers.size());
    ir.buffers.push_back(std::move(buffer));
    folded[i] = true;
    ++(code == tfl::BuiltinOperator_DENSIFY ? stats.densify_folded : stats.dequantize_folded);
  }
  size_t next = 0;
  for (size_t i = 0; i < subgraph.operators.size(); ++i) {
    if (!folded[i]) subgraph.operators[next++] = std::move(subgraph.operators[i]);
  }
  subgraph.operators.resize(next);
  return Ok();
}

}  // namespace

Status FoldConstants(Model& model, FoldStats* stats) {
  EP_RETURN_IF_ERROR(model.Validate());  // the fold indexes tensors and buffers unchecked
  tfl::ModelT& ir = model.mutable_ir();
  FoldStats local;
  for (size_t s = 0; s < ir.subgraphs.size(); ++s) {
    EP_RETURN_IF_ERROR(WithContext(FoldSubgraph(ir, static_cast<int>(s), local), model.name()));
  }
  if (stats) *stats = local;
  return RemoveDeadTensors(model);  // ends with Validate()
}

}  // namespace edgepose::model
