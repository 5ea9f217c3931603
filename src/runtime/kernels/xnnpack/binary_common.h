// What the binary elementwise kernels (ADD, SUB, MUL, MAXIMUM, MINIMUM) share on XNNPACK:
// float32 with NumPy broadcasting up to rank kMaxBinaryRank, the fused activation as the operator's
// output_min/max; and per-tensor int8 ADD, SUB and MUL (add/subtract/multiply_nd_qs8, the fused
// activation quantized as TFLite's CalculateActivationRangeQuantized) when XNNPACK accepts the
// scale ratios. XNNPACK rounds in fp32 where TFLite uses fixed point: results agree within one step.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {

bool SupportsBinaryNode(const runtime::NodeContext& node);

// Creates the operator (prepare) and sets it up with the final pointers (bind).
Result<Operator> CreateBinaryForNode(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range);
Status SetupBinaryForNode(const runtime::NodeContext& node, Operator& op);

// The KernelDef entry points of one binary op, from its reference Prepare and the clamp its Params
// carry; each op file instantiates these with its own types and registers them.
template <class Params, Result<Params> (*kReferencePrepare)(runtime::NodeContext&), BinaryOp kOp,
          FloatRange (*kRangeOf)(const Params&)>
Result<runtime::KernelParams> PrepareBinaryKernel(runtime::NodeContext& node) {
  XnnNodeState<Params> state;
  EP_ASSIGN_OR_RETURN(state.params, kReferencePrepare(node));
  EP_ASSIGN_OR_RETURN(state.op, CreateBinaryForNode(node, kOp, kRangeOf(state.params)));
  return runtime::KernelParams::Make(std::move(state));
}

template <class Params>
Status BindBinaryKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return SetupBinaryForNode(node, state.as<XnnNodeState<Params>>().op);
}

}  // namespace edgepose::kernels::xnnpack
