// RESIZE_NEAREST_NEIGHBOR as TFLite runs it (reference_ops ResizeNearestNeighbor, GetNearestNeighbor):
// input [N,H,W,C], size = constant INT32 [2]; options align_corners, half_pixel_centers. Source
// index of output y: scale = in/out, or (in-1)/(out-1) with align_corners and out > 1; offset 0.5
// with half_pixel_centers; index = round((y+offset)*scale) with align_corners, else
// floor((y+offset)*scale); clamped to [0, in-1]. Pure data movement: FLOAT32, INT8, UINT8, INT16.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "runtime/kernels/reference/resize_bilinear.h"

namespace edgepose::kernels::reference {
namespace {

int NearestSource(int index, int in_size, int out_size, bool align_corners, bool half_pixel_centers) {
  const float scale = (align_corners && out_size > 1) ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                                                      : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float position = (static_cast<float>(index) + (half_pixel_centers ? 0.5f : 0.f)) * scale;
  const int source = align_corners ? static_cast<int>(std::round(position)) : static_cast<int>(std::floor(position));
  return std::clamp(source, 0, in_size - 1);
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  tfl::ResizeNearestNeighborOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsResizeNearestNeighborOptions();
  if (!options) options = &defaults;
  EP_ASSIGN_OR_RETURN(ResizeParams params, PrepareResize(node, options->align_corners, options->half_pixel_centers));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& p = state.as<ResizeParams>();
  const Tensor& input = *node.inputs[kResizeInput];
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2);
  const size_t pixel_bytes = static_cast<size_t>(input.dim(3)) * DTypeSize(input.type);
  std::vector<int> source_x(p.out_w);
  for (int x = 0; x < p.out_w; ++x) source_x[x] = NearestSource(x, in_w, p.out_w, p.align_corners, p.half_pixel_centers);
  uint8_t* out = node.outputs[0]->data;
  for (int b = 0; b < batches; ++b)
    for (int y = 0; y < p.out_h; ++y) {
      const int sy = NearestSource(y, in_h, p.out_h, p.align_corners, p.half_pixel_centers);
      const uint8_t* row = input.data + (static_cast<int64_t>(b) * in_h + sy) * in_w * pixel_bytes;
      for (int x = 0; x < p.out_w; ++x, out += pixel_bytes) std::memcpy(out, row + source_x[x] * pixel_bytes, pixel_bytes);
    }
  return Ok();
}

}  // namespace

const runtime::KernelDef& ResizeNearestNeighborKernel() {
  static const runtime::KernelDef kernel{"reference/RESIZE_NEAREST_NEIGHBOR",
                                         tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
