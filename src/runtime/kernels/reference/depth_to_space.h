// DEPTH_TO_SPACE params and Prepare (shared with the XNNPACK fast path), plus the block copy that
// SPACE_TO_DEPTH runs in the other direction.
#pragma once

#include <cstdint>

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

struct DepthToSpaceParams {
  int block_size = 1;
};

Result<DepthToSpaceParams> PrepareDepthToSpace(runtime::NodeContext& node);

// Validates the shared rules of DEPTH_TO_SPACE / SPACE_TO_DEPTH (one input [N,H,W,C], block >= 1,
// same dtype; quantized tensors keep their quantization) and returns the block size.
Result<int> PrepareBlockRearrange(runtime::NodeContext& node, int block_size);

// `deep` is [N,H,W,C*b*b], `spatial` is [N,H*b,W*b,C] (DCR order, as TFLite): channel block
// (by*b + bx) of deep pixel (y, x) is spatial pixel (y*b + by, x*b + bx). Copies deep -> spatial
// when to_spatial, else spatial -> deep.
void CopyDepthSpaceBlocks(uint8_t* deep, uint8_t* spatial, const Shape& deep_shape, int block, size_t element_bytes,
                          bool to_spatial);

}  // namespace edgepose::kernels::reference
