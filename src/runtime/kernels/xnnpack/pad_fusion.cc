#include "runtime/kernels/xnnpack/pad_fusion.h"

#include <algorithm>

#include "runtime/kernels/xnnpack/conv_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

// The interpreter's Tensor for a tensor index of the graph IR, or null when out of range.
Tensor* GraphTensor(const runtime::NodeContext& node, int32_t index) {
  if (index < 0 || static_cast<size_t>(index) >= node.tensors.size()) return nullptr;
  return &node.tensors[static_cast<size_t>(index)];
}

// NodeContext carries only its own op code; the subgraph IR has no op codes, so PAD is recognised
// by its options table (the converter always writes PadOptions), then validated in full.
bool IsPad(const tfl::OperatorT& op) { return op.builtin_options.type == tfl::BuiltinOptions_PadOptions; }

int ConvFilterQuantDim(const tfl::OperatorT& op) {
  if (op.builtin_options.type == tfl::BuiltinOptions_Conv2DOptions) return 0;
  if (op.builtin_options.type == tfl::BuiltinOptions_DepthwiseConv2DOptions) return 3;
  return -1;
}

const tfl::OperatorT* Producer(const tfl::SubGraphT& graph, int32_t tensor) {
  for (const auto& op : graph.operators)
    if (std::find(op->outputs.begin(), op->outputs.end(), tensor) != op->outputs.end()) return op.get();
  return nullptr;
}

template <class T>
bool ReadPads(const Tensor& paddings, int32_t (&pads)[8]) {
  for (int i = 0; i < 8; ++i) {
    const T value = paddings.data_as<T>()[i];
    if (value < 0 || value > (1 << 20)) return false;
    pads[i] = static_cast<int32_t>(value);
  }
  return true;
}

// `op` is a PAD of a rank-4 FLOAT32 / per-tensor INT8 tensor by constant non-negative amounts on H
// and W only; its fill (0, or the zero point, i.e. real zero) is what convolution padding inserts.
std::optional<SpatialPad> ZeroSpatialPad(const runtime::NodeContext& any, const tfl::OperatorT& op) {
  if (!IsPad(op) || op.inputs.size() != 2 || op.outputs.size() != 1) return std::nullopt;
  Tensor* input = GraphTensor(any, op.inputs[0]);
  const Tensor* paddings = GraphTensor(any, op.inputs[1]);
  const Tensor* output = GraphTensor(any, op.outputs[0]);
  if (!input || !paddings || !output || input->rank() != 4 || !paddings->is_constant ||
      paddings->num_elements() != 8 || input->type != output->type)
    return std::nullopt;
  if (input->type == DType::kInt8) {
    if (!IsPerTensorInt8(*input) || input->quant.scale != output->quant.scale ||
        TensorQuant(*input).zero_point != TensorQuant(*output).zero_point)
      return std::nullopt;
  } else if (input->type != DType::kFloat32) {
    return std::nullopt;
  }
  int32_t pads[8];
  const bool read = paddings->type == DType::kInt32   ? ReadPads<int32_t>(*paddings, pads)
                    : paddings->type == DType::kInt64 ? ReadPads<int64_t>(*paddings, pads)
                                                      : false;
  if (!read || pads[0] || pads[1] || pads[6] || pads[7]) return std::nullopt;
  return SpatialPad{static_cast<uint32_t>(pads[2]), static_cast<uint32_t>(pads[3]), static_cast<uint32_t>(pads[4]),
                    static_cast<uint32_t>(pads[5]), input};
}

// A reader of the PAD's output that absorbs it: a convolution taking it as input 0 only, that runs
// on XNNPACK (its supports() holds).
bool AbsorbingReader(const runtime::NodeContext& any, const tfl::OperatorT& reader, int32_t tensor) {
  const int quant_dim = ConvFilterQuantDim(reader);
  if (quant_dim < 0 || reader.inputs.empty() || reader.inputs[0] != tensor) return false;
  runtime::NodeContext context;
  context.ir = &reader;
  context.graph = any.graph;
  context.tensors = any.tensors;
  for (size_t i = 0; i < reader.inputs.size(); ++i) {
    if (i > 0 && reader.inputs[i] == tensor) return false;
    context.inputs.push_back(reader.inputs[i] < 0 ? nullptr : GraphTensor(any, reader.inputs[i]));
  }
  for (int32_t out : reader.outputs) context.outputs.push_back(GraphTensor(any, out));
  for (const Tensor* t : context.outputs)
    if (!t) return false;
  return SupportsConvNode(context, quant_dim);
}

}  // namespace

std::optional<SpatialPad> ProducerZeroSpatialPad(const runtime::NodeContext& node) {
  if (!node.graph || !node.ir || node.ir->inputs.empty() || node.ir->inputs[0] < 0) return std::nullopt;
  const tfl::OperatorT* producer = Producer(*node.graph, node.ir->inputs[0]);
  if (!producer) return std::nullopt;
  auto pad = ZeroSpatialPad(node, *producer);
  // The absorbed input must carry the quantization the convolution was checked with.
  if (pad && node.inputs[0] && pad->input->quant.scale != node.inputs[0]->quant.scale) return std::nullopt;
  return pad;
}

bool PadFullyAbsorbed(const runtime::NodeContext& pad_node) {
  if (pad_node.outputs_observed) return false;  // an observer reads the padded tensor itself
  if (!pad_node.graph || !pad_node.ir || !ZeroSpatialPad(pad_node, *pad_node.ir)) return false;
  const int32_t output = pad_node.ir->outputs[0];
  const auto& graph_outputs = pad_node.graph->outputs;
  if (std::find(graph_outputs.begin(), graph_outputs.end(), output) != graph_outputs.end()) return false;
  int readers = 0;
  for (const auto& op : pad_node.graph->operators) {
    if (std::find(op->inputs.begin(), op->inputs.end(), output) == op->inputs.end()) continue;
    if (!AbsorbingReader(pad_node, *op, output)) return false;
    ++readers;
  }
  return readers > 0;
}

}  // namespace edgepose::kernels::xnnpack
