// FULLY_CONNECTED on XNNPACK: float32 (fully_connected_nc_f32) and int8 activations with int8
// weights: per-tensor weights on fully_connected_nc_qs8; per-channel weights (XNNPACK 2022 has no
// qc8 fully connected) as the same product written as a 1x1 qc8 convolution over [1, batches, 1,
// depth]. The input is the reference's [batches, depth] view, so keep_num_dims needs nothing extra.
// Validation and Params come from the reference kernel (reference/fully_connected.h).
#include "runtime/kernels/reference/fully_connected.h"
#include "runtime/kernels/xnnpack/conv_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::FullyConnectedParams;
using State = XnnNodeState<Params>;

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() < 2 || node.inputs.size() > 3 || node.outputs.size() != 1) return false;
  const Tensor* input = node.input(reference::kFullyConnectedInput);
  const Tensor* weights = node.input(reference::kFullyConnectedWeights);
  const Tensor* bias = node.input(reference::kFullyConnectedBias);
  if (!input || !weights || weights->rank() != 2 || !weights->is_constant || (bias && !bias->is_constant))
    return false;
  if (input->type == DType::kFloat32)
    return weights->type == DType::kFloat32 && (!bias || bias->type == DType::kFloat32) &&
           node.outputs[0]->type == DType::kFloat32;
  return input->type == DType::kInt8 && SupportsInt8WeightedNode(node, /*filter_quant_dim=*/0);
}

Result<Operator> Create(const runtime::NodeContext& node, const Params& p) {
  const Tensor& input = *node.inputs[reference::kFullyConnectedInput];
  const Tensor& weights = *node.inputs[reference::kFullyConnectedWeights];
  const Tensor* bias = node.input(reference::kFullyConnectedBias);
  const Tensor& output = *node.outputs[0];
  const auto depth = static_cast<size_t>(p.input_depth), units = static_cast<size_t>(p.units);
  if (input.type == DType::kFloat32)
    return CreateFullyConnectedF32(depth, units, weights.data_as<float>(), bias ? bias->data_as<float>() : nullptr,
                                   p.range.min, p.range.max);
  const int32_t* bias_data = bias ? bias->data_as<int32_t>() : nullptr;
  const int8_t act_min = ClampToInt8(p.quant.act_min), act_max = ClampToInt8(p.quant.act_max);
  if (!weights.quant.per_channel())
    return CreateFullyConnectedQs8(depth, units, TensorQuant(input), weights.quant.scale[0],
                                   weights.data_as<int8_t>(), bias_data, TensorQuant(output), act_min, act_max);
  ConvGeometry geometry;  // 1x1, one group: filter [units,1,1,depth] is the weights as stored
  geometry.group_input_channels = depth;
  geometry.group_output_channels = units;
  return CreateConvQc8(geometry, TensorQuant(input), weights.quant.scale.data(), weights.data_as<int8_t>(), bias_data,
                       TensorQuant(output), act_min, act_max);
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareFullyConnected(node));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, Create(node, state.params)));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& state) {
  auto& s = state.as<State>();
  const void* input = node.inputs[reference::kFullyConnectedInput]->data;
  void* output = node.outputs[0]->data;
  const auto batches = static_cast<size_t>(s.params.batches);
  auto status = s.op.kind() == OperatorKind::kConvQc8
                    ? SetupConv(s.op, 1, batches, 1, input, output, node.threadpool)
                    : SetupFullyConnected(s.op, batches, input, output, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace

const runtime::KernelDef& FullyConnectedKernel() {
  static const runtime::KernelDef kernel{"xnnpack/FULLY_CONNECTED", tfl::BuiltinOperator_FULLY_CONNECTED,
                                         Backend::kXnnpack, Supports, Prepare, RunNode<Params>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
