// What MAX_POOL_2D and AVERAGE_POOL_2D share on XNNPACK: TFLite's padding as four explicit sides
// (odd pixel after) and the setup step. XNNPACK rejects 1x1 windows; those stay on the reference.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/pooling.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {

// One [N,H,W,C] input and output of `type`, a window larger than 1x1 and strides no larger than it.
bool SupportsPoolNode(const runtime::NodeContext& node, DType type);

PoolGeometry MakePoolGeometry(const runtime::NodeContext& node, const Pool2DParams& params);

Status SetupPoolForNode(const runtime::NodeContext& node, Operator& op);

template <class Params, Result<Params> (*kReferencePrepare)(runtime::NodeContext&),
          Result<Operator> (*kCreate)(const runtime::NodeContext&, const Params&)>
Result<runtime::KernelParams> PreparePoolKernel(runtime::NodeContext& node) {
  XnnNodeState<Params> state;
  EP_ASSIGN_OR_RETURN(state.params, kReferencePrepare(node));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, kCreate(node, state.params)));
  return runtime::KernelParams::Make(std::move(state));
}

template <class Params>
Status BindPoolKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return SetupPoolForNode(node, state.as<XnnNodeState<Params>>().op);
}

}  // namespace edgepose::kernels::xnnpack
