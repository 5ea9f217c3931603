// PAD (and PADV2, padv2.cc) on XNNPACK: constant_pad_nd on 4-byte (FLOAT32, INT32) or 1-byte
// (INT8, UINT8) elements, rank 1..6, with the fill value the reference Prepare resolved (zero, the
// zero point, or PADV2's constant). Params from reference/pad.h. A PAD whose every reader is a
// convolution that absorbed it (pad_fusion.h) skips its copy.
#include "runtime/kernels/reference/pad.h"
#include "runtime/kernels/xnnpack/pad.h"
#include "runtime/kernels/xnnpack/kernel_util.h"
#include "runtime/kernels/xnnpack/pad_fusion.h"

namespace edgepose::kernels::xnnpack {
namespace {

struct State {
  reference::PadParams params;
  Operator op;
  bool absorbed = false;  // every reader is a convolution that pads by itself (pad_fusion.h)
};

}  // namespace

bool SupportsPadNode(const runtime::NodeContext& node) {
  if (node.inputs.size() < 2 || node.outputs.size() != 1 || !node.inputs[0]) return false;
  const Tensor& input = *node.inputs[0];
  const size_t bytes = DTypeSize(input.type);
  const bool movable = input.type == DType::kFloat32 || input.type == DType::kInt32 || input.type == DType::kInt8 ||
                       input.type == DType::kUInt8;
  return movable && (bytes == 4 || bytes == 1) && input.rank() >= 1 && input.rank() <= reference::kMaxPadRank;
}

Result<runtime::KernelParams> PreparePadKernel(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PreparePad(node));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, CreateConstantPad(DTypeSize(node.inputs[0]->type),
                                                                   state.params.fill.data())));
  return runtime::KernelParams::Make(std::move(state));
}

Status BindPadKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  auto& s = state.as<State>();
  s.absorbed = PadFullyAbsorbed(node);
  if (s.absorbed) node.kernel_note = "absorbed by its convolutions";
  const Tensor& input = *node.inputs[0];
  std::vector<size_t> before, after;
  for (int d = 0; d < s.params.rank; ++d) {
    before.push_back(static_cast<size_t>(s.params.before[d]));
    after.push_back(static_cast<size_t>(s.params.after[d]));
  }
  auto status = SetupConstantPad(s.op, Dims(input), before, after, input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

Status EvalPadKernel(const runtime::NodeContext& node, runtime::KernelParams& state) {
  auto& s = state.as<State>();
  if (s.absorbed) return Ok();
  auto status = s.op.Run(node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

const runtime::KernelDef& PadKernel() {
  static const runtime::KernelDef kernel{"xnnpack/PAD", tfl::BuiltinOperator_PAD, Backend::kXnnpack, SupportsPadNode,
                                         PreparePadKernel, EvalPadKernel, BindPadKernel};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
