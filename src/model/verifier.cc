#include "model/verifier.h"

#include <string>

#include "edgepose/model.h"
#include "model/sparsity.h"
#include "model/tensor_utils.h"

namespace edgepose::model {
namespace {

std::string Count(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

Status CheckQuantization(const tfl::TensorT& tensor, const std::string& label) {
  const tfl::QuantizationParametersT* q = tensor.quantization.get();
  if (!q) return Ok();
  if (q->details.type != tfl::QuantizationDetails_NONE && !q->details.value) {
    return MakeError(label + ": quantization details of unknown type " +
                     std::to_string(q->details.type));
  }
  const size_t num_scales = q->scale.size();
  const size_t num_zero_points = q->zero_point.size();
  // Like TFLite, a tensor missing either array is simply not affine-quantized.
  if (num_scales == 0 || num_zero_points == 0) return Ok();
  if (num_scales != num_zero_points) {
    return MakeError(label + ": quantization has " + Count(num_scales, "scale") + " but " +
                     Count(num_zero_points, "zero point"));
  }
  const int64_t rank = static_cast<int64_t>(tensor.shape.size());
  const int32_t dim = q->quantized_dimension;
  if (dim < 0 || (rank > 0 && dim >= rank) || (rank == 0 && dim != 0)) {
    return MakeError(label + ": quantized_dimension " + std::to_string(dim) +
                     " out of range for rank " + std::to_string(rank));
  }
  if (num_scales > 1 && (rank == 0 || static_cast<size_t>(tensor.shape[dim]) != num_scales)) {
    return MakeError(label + ": quantization has " + Count(num_scales, "scale") +
                     ", expected 1 or shape[" + std::to_string(dim) + "] = " +
                     (rank ? std::to_string(tensor.shape[dim]) : std::string("?")));
  }
  return Ok();
}

Status CheckTensor(const tfl::ModelT& model, int subgraph, int index, const tfl::TensorT& tensor) {
  const std::string label = TensorLabel(subgraph, index, tensor);
  EP_ASSIGN_OR_RETURN(int64_t elements, WithContext(NumElements(tensor.shape), label));
  if (tensor.buffer >= model.buffers.size()) {
    return MakeError(label + ": buffer " + std::to_string(tensor.buffer) +
                     " out of range (model has " + Count(model.buffers.size(), "buffer") + ")");
  }
  EP_RETURN_IF_ERROR(CheckQuantization(tensor, label));

  int64_t stored_elements = elements;
  if (tensor.sparsity) {
    EP_ASSIGN_OR_RETURN(SparseLayout layout,
                        WithContext(ResolveSparsity(tensor.shape, *tensor.sparsity), label));
    stored_elements = layout.stored_values;
  }
  const std::vector<uint8_t>* data = ConstantData(model, tensor);
  if (!data) return Ok();
  const size_t element_size = TensorTypeSize(tensor.type);
  uint64_t expected = 0;
  if (element_size != 0) {
    expected = static_cast<uint64_t>(stored_elements) * element_size;
  } else if (tensor.type == tfl::TensorType_INT4) {
    expected = (static_cast<uint64_t>(stored_elements) + 1) / 2;  // two values per byte
  } else {
    return Ok();  // STRING and opaque types carry their own layout
  }
  if (data->size() != expected) {
    return MakeError(label + ": buffer " + std::to_string(tensor.buffer) + " has " +
                     std::to_string(data->size()) + " bytes, expected " +
                     std::to_string(expected) + " for " + TensorTypeName(tensor.type) + " " +
                     ShapeToString(tensor.shape) + (tensor.sparsity ? " (sparse)" : ""));
  }
  return Ok();
}

Status CheckTensorList(const std::vector<int32_t>& indices, size_t num_tensors, bool allow_absent,
                       const std::string& label, const char* what) {
  for (size_t i = 0; i < indices.size(); ++i) {
    const int32_t t = indices[i];
    if ((t == -1 && allow_absent) || (t >= 0 && static_cast<size_t>(t) < num_tensors)) continue;
    return MakeError(label + ": " + what + " " + std::to_string(i) + " is tensor " +
                     std::to_string(t) + ", out of range (subgraph has " +
                     Count(num_tensors, "tensor") + ")");
  }
  return Ok();
}

Status CheckSubgraphIndex(int64_t index, size_t num_subgraphs, const std::string& label,
                          const char* what) {
  if (index >= 0 && static_cast<size_t>(index) < num_subgraphs) return Ok();
  return MakeError(label + ": " + what + " " + std::to_string(index) +
                   " out of range (model has " + Count(num_subgraphs, "subgraph") + ")");
}

Status CheckOperatorOptions(const tfl::OperatorT& op, size_t num_subgraphs,
                            const std::string& label) {
  const auto& options = op.builtin_options;
  if (options.type != tfl::BuiltinOptions_NONE && !options.value) {
    return MakeError(label + ": builtin_options of unknown type " + std::to_string(options.type));
  }
  if (const auto* call = options.AsCallOptions()) {
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(call->subgraph, num_subgraphs, label, "called subgraph"));
  }
  if (const auto* branch = options.AsIfOptions()) {
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(branch->then_subgraph_index, num_subgraphs, label,
                                          "then subgraph"));
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(branch->else_subgraph_index, num_subgraphs, label,
                                          "else subgraph"));
  }
  if (const auto* loop = options.AsWhileOptions()) {
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(loop->cond_subgraph_index, num_subgraphs, label,
                                          "cond subgraph"));
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(loop->body_subgraph_index, num_subgraphs, label,
                                          "body subgraph"));
  }
  if (const auto* once = options.AsCallOnceOptions()) {
    EP_RETURN_IF_ERROR(CheckSubgraphIndex(once->init_subgraph_index, num_subgraphs, label,
                                          "init subgraph"));
  }
  return Ok();
}

Status CheckOperator(const tfl::ModelT& model, int subgraph, int index, const tfl::OperatorT& op,
                     size_t num_tensors) {
  std::string label = "subgraph " + std::to_string(subgraph) + " operator " + std::to_string(index);
  if (op.opcode_index >= model.operator_codes.size()) {
    return MakeError(label + ": opcode index " + std::to_string(op.opcode_index) +
                     " out of range (model has " +
                     Count(model.operator_codes.size(), "operator code") + ")");
  }
  label += std::string(" (") + OpName(BuiltinCode(*model.operator_codes[op.opcode_index])) + ")";
  EP_RETURN_IF_ERROR(CheckTensorList(op.inputs, num_tensors, true, label, "input"));
  EP_RETURN_IF_ERROR(CheckTensorList(op.outputs, num_tensors, false, label, "output"));
  EP_RETURN_IF_ERROR(CheckTensorList(op.intermediates, num_tensors, false, label, "intermediate"));
  if (op.large_custom_options_offset > 1 || op.large_custom_options_size > 0) {
    return MakeError(label + ": custom options stored outside the flatbuffer (models > 2 GB) "
                     "are not supported");
  }
  return CheckOperatorOptions(op, model.subgraphs.size(), label);
}

Status CheckSubgraph(const tfl::ModelT& model, int index, const tfl::SubGraphT& subgraph) {
  const std::string label = "subgraph " + std::to_string(index);
  const size_t num_tensors = subgraph.tensors.size();
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!subgraph.tensors[t]) return MakeError(label + " tensor " + std::to_string(t) + ": missing");
    EP_RETURN_IF_ERROR(CheckTensor(model, index, static_cast<int>(t), *subgraph.tensors[t]));
  }
  EP_RETURN_IF_ERROR(CheckTensorList(subgraph.inputs, num_tensors, false, label, "input"));
  EP_RETURN_IF_ERROR(CheckTensorList(subgraph.outputs, num_tensors, false, label, "output"));
  for (size_t o = 0; o < subgraph.operators.size(); ++o) {
    if (!subgraph.operators[o]) {
      return MakeError(label + " operator " + std::to_string(o) + ": missing");
    }
    EP_RETURN_IF_ERROR(
        CheckOperator(model, index, static_cast<int>(o), *subgraph.operators[o], num_tensors));
  }
  return Ok();
}

Status CheckBuffersAndCodes(const tfl::ModelT& model) {
  for (size_t b = 0; b < model.buffers.size(); ++b) {
    const auto& buffer = model.buffers[b];
    if (!buffer) return MakeError("buffer " + std::to_string(b) + ": missing");
    if (buffer->offset > 1 || buffer->size > 0) {
      return MakeError("buffer " + std::to_string(b) + ": data stored outside the flatbuffer "
                       "(models > 2 GB) is not supported");
    }
  }
  for (size_t c = 0; c < model.operator_codes.size(); ++c) {
    const auto& code = model.operator_codes[c];
    if (!code) return MakeError("operator code " + std::to_string(c) + ": missing");
    const int32_t builtin = BuiltinCode(*code);
    if (code->deprecated_builtin_code < 0 || builtin < tfl::BuiltinOperator_MIN ||
        builtin > tfl::BuiltinOperator_MAX) {
      return MakeError("operator code " + std::to_string(c) + ": unknown builtin operator " +
                       std::to_string(builtin));
    }
  }
  return Ok();
}

Status CheckMetadataAndSignatures(const tfl::ModelT& model) {
  const size_t num_buffers = model.buffers.size();
  for (size_t m = 0; m < model.metadata.size(); ++m) {
    const auto& metadata = model.metadata[m];
    if (!metadata) return MakeError("metadata " + std::to_string(m) + ": missing");
    if (metadata->buffer >= num_buffers) {
      return MakeError("metadata " + std::to_string(m) + " (\"" + metadata->name + "\"): buffer " +
                       std::to_string(metadata->buffer) + " out of range (model has " +
                       Count(num_buffers, "buffer") + ")");
    }
  }
  for (int32_t buffer : model.metadata_buffer) {
    if (buffer < 0 || static_cast<size_t>(buffer) >= num_buffers) {
      return MakeError("metadata_buffer entry " + std::to_string(buffer) +
                       " out of range (model has " + Count(num_buffers, "buffer") + ")");
    }
  }
  for (size_t s = 0; s < model.signature_defs.size(); ++s) {
    const auto& signature = model.signature_defs[s];
    const std::string label = "signature " + std::to_string(s);
    if (!signature) return MakeError(label + ": missing");
    EP_RETURN_IF_ERROR(
        CheckSubgraphIndex(signature->subgraph_index, model.subgraphs.size(), label, "subgraph"));
    const size_t num_tensors = model.subgraphs[signature->subgraph_index]->tensors.size();
    for (const auto* maps : {&signature->inputs, &signature->outputs}) {
      for (const auto& map : *maps) {
        if (!map || map->tensor_index >= num_tensors) {
          return MakeError(label + ": tensor map \"" + (map ? map->name : std::string()) +
                           "\" points outside subgraph " +
                           std::to_string(signature->subgraph_index));
        }
      }
    }
  }
  return Ok();
}

}  // namespace

Status VerifyModelIr(const tfl::ModelT& model) {
  EP_RETURN_IF_ERROR(CheckBuffersAndCodes(model));
  if (model.subgraphs.empty()) return MakeError("model has no subgraphs");
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    if (!model.subgraphs[s]) return MakeError("subgraph " + std::to_string(s) + ": missing");
  }
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    EP_RETURN_IF_ERROR(CheckSubgraph(model, static_cast<int>(s), *model.subgraphs[s]));
  }
  return CheckMetadataAndSignatures(model);
}

}  // namespace edgepose::model
