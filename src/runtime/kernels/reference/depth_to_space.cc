// DEPTH_TO_SPACE as TFLite runs it (reference_ops DepthToSpace, DCR order): input [N,H,W,C] with C
// divisible by b*b (DepthToSpaceOptions block_size = b) -> output [N,H*b,W*b,C/(b*b)];
// output (y, x, c) = input (y/b, x/b, ((y%b)*b + x%b) * C/(b*b) + c). Data movement only: FLOAT32,
// INT8, UINT8, INT16, INT32, INT64 (quantized input and output share their quantization).
#include "runtime/kernels/reference/depth_to_space.h"

#include <cstring>
#include <string>

#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

Result<int> PrepareBlockRearrange(runtime::NodeContext& node, int block_size) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0])
    return node.Fail("expected 1 input and 1 output");
  const Tensor& input = *node.inputs[0];
  const Tensor& output = *node.outputs[0];
  if (input.rank() != 4) return node.Fail("input \"" + input.name + "\" has " + std::to_string(input.rank()) + " dims, expected 4");
  if (block_size < 1) return node.Fail("block_size " + std::to_string(block_size) + " must be at least 1");
  if (input.type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input.type) + " differs from output " + DTypeName(output.type));
  switch (input.type) {
    case DType::kFloat32: case DType::kInt32: case DType::kInt64: break;
    case DType::kInt8: case DType::kUInt8: case DType::kInt16:
      if (input.quant.scale != output.quant.scale || ZeroPoint(input) != ZeroPoint(output))
        return node.Fail("quantized input \"" + input.name + "\" and output \"" + output.name + "\" need equal quantization");
      break;
    default:
      return node.Fail(std::string("dtype ") + DTypeName(input.type) + " is not supported");
  }
  return block_size;
}

void CopyDepthSpaceBlocks(uint8_t* deep, uint8_t* spatial, const Shape& deep_shape, int block, size_t element_bytes,
                          bool to_spatial) {
  const int batches = deep_shape[0], height = deep_shape[1], width = deep_shape[2];
  const size_t chunk = static_cast<size_t>(deep_shape[3] / (block * block)) * element_bytes;
  const int64_t spatial_w = static_cast<int64_t>(width) * block;
  uint8_t* deep_ptr = deep;
  for (int b = 0; b < batches; ++b)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        for (int by = 0; by < block; ++by)
          for (int bx = 0; bx < block; ++bx, deep_ptr += chunk) {
            const int64_t pixel = (static_cast<int64_t>(b) * height * block + y * block + by) * spatial_w + x * block + bx;
            uint8_t* spatial_ptr = spatial + pixel * static_cast<int64_t>(chunk);
            if (to_spatial) std::memcpy(spatial_ptr, deep_ptr, chunk);
            else std::memcpy(deep_ptr, spatial_ptr, chunk);
          }
}

Result<DepthToSpaceParams> PrepareDepthToSpace(runtime::NodeContext& node) {
  const auto* options = node.ir->builtin_options.AsDepthToSpaceOptions();
  EP_ASSIGN_OR_RETURN(const int block, PrepareBlockRearrange(node, options ? options->block_size : 0));
  const Tensor& input = *node.inputs[0];
  if (input.dim(3) % (block * block) != 0)
    return node.Fail("input depth " + std::to_string(input.dim(3)) + " is not divisible by block_size^2 = " +
                     std::to_string(block * block));
  node.outputs[0]->shape = {input.dim(0), input.dim(1) * block, input.dim(2) * block, input.dim(3) / (block * block)};
  return DepthToSpaceParams{block};
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(DepthToSpaceParams params, PrepareDepthToSpace(node));
  return runtime::KernelParams::Make(params);
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const Tensor& input = *node.inputs[0];
  CopyDepthSpaceBlocks(input.data, node.outputs[0]->data, input.shape, state.as<DepthToSpaceParams>().block_size,
                       DTypeSize(input.type), /*to_spatial=*/true);
  return Ok();
}

}  // namespace

const runtime::KernelDef& DepthToSpaceKernel() {
  static const runtime::KernelDef kernel{"reference/DEPTH_TO_SPACE", tfl::BuiltinOperator_DEPTH_TO_SPACE,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
