// What the unary kernels (LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU*, PRELU, SOFTMAX) share on
// XNNPACK: the tensor is seen as [rows, channels] with channels = the last dim, so the same setup
// serves the per-element ops and the per-row ones (SOFTMAX, PRELU's per-channel slope).
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {

// Last dim (1 for a scalar).
size_t RowChannels(const Tensor& tensor);

// One input and one output of the same dtype in `type`.
bool IsUnaryOf(const runtime::NodeContext& node, DType type);

// Int8 per-tensor in and out, and the output quantization XNNPACK's fixed-range kernels need.
bool IsInt8UnaryWithOutput(const runtime::NodeContext& node, float output_scale, int32_t output_zero_point);

Status SetupRowsForNode(const runtime::NodeContext& node, Operator& op);

// The KernelDef entry points of a unary op: the reference Prepare, then `kCreate` builds the
// operator from the node and the resolved Params.
template <class Params, Result<Params> (*kReferencePrepare)(runtime::NodeContext&),
          Result<Operator> (*kCreate)(const runtime::NodeContext&, const Params&)>
Result<runtime::KernelParams> PrepareUnaryKernel(runtime::NodeContext& node) {
  XnnNodeState<Params> state;
  EP_ASSIGN_OR_RETURN(state.params, kReferencePrepare(node));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, kCreate(node, state.params)));
  return runtime::KernelParams::Make(std::move(state));
}

// RELU, RELU6 and RELU_N1_TO_1: one float clamp whose range the reference Prepare takes from node.op.
runtime::KernelDef MakeReluKernel(const char* name, tfl::BuiltinOperator op);

template <class Params>
Status BindUnaryKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return SetupRowsForNode(node, state.as<XnnNodeState<Params>>().op);
}

}  // namespace edgepose::kernels::xnnpack
