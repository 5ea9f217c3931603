// SPACE_TO_DEPTH as TFLite runs it (reference_ops SpaceToDepth): input [N,H,W,C] with H and W
// divisible by b (SpaceToDepthOptions block_size) -> output [N,H/b,W/b,C*b*b]; output channel
// (by*b + bx)*C + c of pixel (y, x) = input (y*b + by, x*b + bx, c). The inverse of DEPTH_TO_SPACE;
// same dtypes and block copy (depth_to_space.h).
#include <string>

#include "runtime/kernels/reference/depth_to_space.h"

namespace edgepose::kernels::reference {
namespace {

struct SpaceToDepthParams {
  int block_size = 1;
};

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsSpaceToDepthOptions();
  EP_ASSIGN_OR_RETURN(const int block, PrepareBlockRearrange(node, options ? options->block_size : 0));
  const Tensor& input = *node.inputs[0];
  if (input.dim(1) % block != 0 || input.dim(2) % block != 0)
    return node.Fail("input " + ShapeToString(input.shape) + " is not divisible by block_size " + std::to_string(block));
  node.outputs[0]->shape = {input.dim(0), input.dim(1) / block, input.dim(2) / block, input.dim(3) * block * block};
  return runtime::KernelParams::Make(SpaceToDepthParams{block});
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  Tensor& output = *node.outputs[0];
  CopyDepthSpaceBlocks(output.data, node.inputs[0]->data, output.shape, state.as<SpaceToDepthParams>().block_size,
                       DTypeSize(output.type), /*to_spatial=*/false);
  return Ok();
}

}  // namespace

const runtime::KernelDef& SpaceToDepthKernel() {
  static const runtime::KernelDef kernel{"reference/SPACE_TO_DEPTH", tfl::BuiltinOperator_SPACE_TO_DEPTH,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
