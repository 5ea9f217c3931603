// What the binary elementwise kernels (ADD, SUB, MUL, MAXIMUM, MINIMUM) share on XNNPACK:
// float32 with NumPy broadcasting up to rank kMaxBinaryRank, the fused activation as the operator's
// output_min/max; and per-tensor int8 ADD, SUB and MUL (add/subtract/multiply_nd_qs8, the fused
// activation quantized as TFLite's CalculateActivationRangeQuantized) when XNNPACK accepts the
// scale ratios. XNNPACK rounds in fp32 where TFLite uses fixed point: results agree within one step.
#pragma once

#include <vector>

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {

bool SupportsBinaryNode(const runtime::NodeContext& node);

// How one binary node runs: one operator, or, when both inputs have the output's shape, the node has
// several threads and enough elements, one operator per contiguous slice run side by side. XNNPACK
// 2022 parallelizes binary ops over their outer dimensions only and same-shape inputs collapse to one
// dimension, so such an ADD ran on one thread (pose_landmark_full int8: 28 ADDs, 0.52 ms on 1 thread,
// 0.51 ms on 2).
struct BinaryOperators {
  Operator whole;
  std::vector<Operator> slices;
  std::vector<Status> slice_results;  // one per slice, allocated with them (no allocation per run)
};

template <class Params>
struct BinaryNodeState {
  Params params;
  BinaryOperators ops;
};

// Creates the operators (prepare), sets them up with the final pointers (bind) and runs them (eval).
Result<BinaryOperators> CreateBinaryForNode(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range);
Status SetupBinaryForNode(const runtime::NodeContext& node, BinaryOperators& ops);
Status RunBinaryForNode(const runtime::NodeContext& node, BinaryOperators& ops);

// The KernelDef entry points of one binary op, from its reference Prepare and the clamp its Params
// carry; each op file instantiates these with its own types and registers them.
template <class Params, Result<Params> (*kReferencePrepare)(runtime::NodeContext&), BinaryOp kOp,
          FloatRange (*kRangeOf)(const Params&)>
Result<runtime::KernelParams> PrepareBinaryKernel(runtime::NodeContext& node) {
  BinaryNodeState<Params> state;
  EP_ASSIGN_OR_RETURN(state.params, kReferencePrepare(node));
  EP_ASSIGN_OR_RETURN(state.ops, CreateBinaryForNode(node, kOp, kRangeOf(state.params)));
  return runtime::KernelParams::Make(std::move(state));
}

template <class Params>
Status BindBinaryKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return SetupBinaryForNode(node, state.as<BinaryNodeState<Params>>().ops);
}

template <class Params>
Status RunBinaryKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return RunBinaryForNode(node, state.as<BinaryNodeState<Params>>().ops);
}

}  // namespace edgepose::kernels::xnnpack
