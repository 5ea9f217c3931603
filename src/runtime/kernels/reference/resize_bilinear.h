// RESIZE_BILINEAR params and Prepare (shared with RESIZE_NEAREST_NEIGHBOR and the XNNPACK fast path).
#pragma once

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

inline constexpr int kResizeInput = 0;
inline constexpr int kResizeSize = 1;

struct ResizeParams {
  bool align_corners = false;
  bool half_pixel_centers = false;
  int out_h = 0, out_w = 0;
};
using ResizeBilinearParams = ResizeParams;

// Validates input [N,H,W,C], a constant INT32 size tensor [2] = (new_height, new_width), dtypes
// (FLOAT32, INT8, UINT8, INT16; quantized input and output equal) and sets the output shape.
Result<ResizeParams> PrepareResize(runtime::NodeContext& node, bool align_corners, bool half_pixel_centers);
Result<ResizeBilinearParams> PrepareResizeBilinear(runtime::NodeContext& node);

}  // namespace edgepose::kernels::reference
