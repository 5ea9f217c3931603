// DEPTH_TO_SPACE on XNNPACK: 4-byte elements (FLOAT32, INT32), block size >= 2, DCR order as TFLite
// (depth_to_space_nhwc_x32). Params from reference/depth_to_space.h.
#include "runtime/kernels/reference/depth_to_space.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::DepthToSpaceParams;
using State = XnnNodeState<Params>;

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0]) return false;
  const Tensor& input = *node.inputs[0];
  const auto* options = node.ir->builtin_options.AsDepthToSpaceOptions();
  return (input.type == DType::kFloat32 || input.type == DType::kInt32) && input.rank() == 4 && options &&
         options->block_size >= 2;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareDepthToSpace(node));
  const int block = state.params.block_size;
  const auto output_channels = static_cast<size_t>(node.inputs[0]->dim(3) / (block * block));
  EP_ASSIGN_OR_RETURN(state.op,
                      NodeResult(node, CreateDepthToSpaceX32(output_channels, static_cast<uint32_t>(block))));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const Tensor& input = *node.inputs[0];
  auto status = SetupDepthToSpace(state.as<State>().op, static_cast<size_t>(input.dim(0)),
                                  static_cast<size_t>(input.dim(1)), static_cast<size_t>(input.dim(2)), input.data,
                                  node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace

const runtime::KernelDef& DepthToSpaceKernel() {
  static const runtime::KernelDef kernel{"xnnpack/DEPTH_TO_SPACE", tfl::BuiltinOperator_DEPTH_TO_SPACE,
                                         Backend::kXnnpack, Supports, Prepare, RunNode<Params>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
