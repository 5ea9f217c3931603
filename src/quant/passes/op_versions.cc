#include "quant/passes/op_versions.h"

#include <algorithm>
#include <vector>

#include "quant/passes/graph_edit.h"

namespace edgepose::quant {
namespace {

using TT = tfl::TensorType;

TT TypeOf(const tfl::SubGraphT& subgraph, const std::vector<int32_t>& list, size_t i) {
  if (i >= list.size() || list[i] < 0 || static_cast<size_t>(list[i]) >= subgraph.tensors.size())
    return static_cast<TT>(-1);
  return subgraph.tensors[list[i]]->type;
}

bool PerChannel(const tfl::SubGraphT& subgraph, int32_t tensor) {
  if (tensor < 0 || static_cast<size_t>(tensor) >= subgraph.tensors.size()) return false;
  const auto& q = subgraph.tensors[tensor]->quantization;
  return q && q->scale.size() > 1;
}

}  // namespace

int RequiredVersion(const tfl::ModelT& model, const tfl::OperatorT& op) {
  const auto& subgraph = *model.subgraphs[0];
  const TT in0 = TypeOf(subgraph, op.inputs, 0);
  const TT in1 = TypeOf(subgraph, op.inputs, 1);
  const TT out0 = TypeOf(subgraph, op.outputs, 0);
  const bool i8 = in0 == TT::TensorType_INT8;
  const bool i16 = in0 == TT::TensorType_INT16 && out0 == TT::TensorType_INT16;
  const bool hybrid = in0 == TT::TensorType_FLOAT32 && in1 == TT::TensorType_INT8 && out0 == TT::TensorType_FLOAT32;
  switch (OperatorOf(model, op)) {
    case tfl::BuiltinOperator_CONV_2D:
      if (i16 && in1 == TT::TensorType_INT8) return 4;
      if (i8 && in1 == TT::TensorType_INT8 && out0 == TT::TensorType_INT8) return 3;
      if (hybrid) return PerChannel(subgraph, op.inputs[1]) ? 5 : 2;
      return 1;
    case tfl::BuiltinOperator_DEPTHWISE_CONV_2D: {
      if (i16 && in1 == TT::TensorType_INT8) return 5;
      if (hybrid) return PerChannel(subgraph, op.inputs[1]) ? 6 : 4;
      if (i8 && in1 == TT::TensorType_INT8 && out0 == TT::TensorType_INT8) return 3;
      const auto* options = op.builtin_options.AsDepthwiseConv2DOptions();
      if (options && (options->dilation_w_factor != 1 || options->dilation_h_factor != 1)) return 2;
      return 1;
    }
    case tfl::BuiltinOperator_FULLY_CONNECTED: {
      const auto* options = op.builtin_options.AsFullyConnectedOptions();
      if (hybrid && PerChannel(subgraph, op.inputs[1])) return 12;
      if (op.inputs.size() == 2 || (op.inputs.size() == 3 && op.inputs[2] < 0)) return 6;
      if (options && options->keep_num_dims) return 5;
      if (i8 && in1 == TT::TensorType_INT8) return 4;
      if (hybrid) return options && options->asymmetric_quantize_inputs ? 9 : 3;
      if (in0 == TT::TensorType_INT16 && in1 == TT::TensorType_INT8) return 4;
      return 1;
    }
    case tfl::BuiltinOperator_ADD:
      if (i16) {
        const auto* options = op.builtin_options.AsAddOptions();
        if (options && !options->pot_scale_int16) return 3;
      }
      return i8 ? 2 : 1;
    case tfl::BuiltinOperator_SUB:
      if (i16) {
        const auto* options = op.builtin_options.AsSubOptions();
        if (options && !options->pot_scale_int16) return 5;
      }
      return i8 ? 2 : 1;
    case tfl::BuiltinOperator_MUL:
      if (in0 == TT::TensorType_INT16) return 4;
      return i8 ? 2 : 1;
    case tfl::BuiltinOperator_MAX_POOL_2D:
    case tfl::BuiltinOperator_AVERAGE_POOL_2D:
    case tfl::BuiltinOperator_LOGISTIC:
    case tfl::BuiltinOperator_TANH:
    case tfl::BuiltinOperator_CONCATENATION:
    case tfl::BuiltinOperator_PAD:
    case tfl::BuiltinOperator_PADV2:
    case tfl::BuiltinOperator_SOFTMAX:
    case tfl::BuiltinOperator_MEAN:
    case tfl::BuiltinOperator_RELU6:
    case tfl::BuiltinOperator_RELU:
    case tfl::BuiltinOperator_MAXIMUM:
    case tfl::BuiltinOperator_MINIMUM:
      if (in0 == TT::TensorType_INT16) return 3;
      return i8 ? 2 : 1;
    case tfl::BuiltinOperator_RESIZE_BILINEAR: {
      if (in0 == TT::TensorType_INT16) return 4;
      const auto* options = op.builtin_options.AsResizeBilinearOptions();
      if (options && options->half_pixel_centers) return 3;
      return i8 ? 2 : 1;
    }
    case tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR: {
      if (in0 == TT::TensorType_INT16) return 4;
      const auto* options = op.builtin_options.AsResizeNearestNeighborOptions();
      if (options && (options->half_pixel_centers || options->align_corners)) return 3;
      return i8 ? 2 : 1;
    }
    case tfl::BuiltinOperator_DEPTH_TO_SPACE:
    case tfl::BuiltinOperator_SPACE_TO_DEPTH:
      return i8 ? 2 : 1;
    case tfl::BuiltinOperator_DEQUANTIZE:
      if (in0 == TT::TensorType_INT16 || in0 == TT::TensorType_FLOAT16) return 3;
      if (in0 == TT::TensorType_INT8) return PerChannel(subgraph, op.inputs[0]) ? 5 : 2;
      return 1;
    case tfl::BuiltinOperator_QUANTIZE:
      if (out0 == TT::TensorType_INT16) return 2;
      return 1;
    case tfl::BuiltinOperator_LEAKY_RELU:
      return in0 == TT::TensorType_INT16 ? 2 : 1;
    case tfl::BuiltinOperator_HARD_SWISH:
    default:
      return 1;
  }
}

void UpdateOperatorVersions(tfl::ModelT& model) {
  if (model.subgraphs.empty()) return;
  std::vector<int> needed(model.operator_codes.size(), 1);
  for (const auto& op : model.subgraphs[0]->operators)
    if (op->opcode_index < needed.size())
      needed[op->opcode_index] = std::max(needed[op->opcode_index], RequiredVersion(model, *op));
  for (size_t c = 0; c < needed.size(); ++c)
    model.operator_codes[c]->version = std::max(model.operator_codes[c]->version, needed[c]);
}

}  // namespace edgepose::quant
