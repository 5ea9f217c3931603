#include "runtime/kernels/xnnpack/pool_common.h"

#include <algorithm>

namespace edgepose::kernels::xnnpack {

bool SupportsPoolNode(const runtime::NodeContext& node, DType type) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0]) return false;
  const Tensor& input = *node.inputs[0];
  if (input.type != type || node.outputs[0]->type != type || input.rank() != 4) return false;
  tfl::Pool2DOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsPool2DOptions();
  if (!options) options = &defaults;
  if (options->filter_height * options->filter_width <= 1) return false;
  return options->stride_h >= 1 && options->stride_w >= 1 && options->stride_h <= options->filter_height &&
         options->stride_w <= options->filter_width;
}

PoolGeometry MakePoolGeometry(const runtime::NodeContext& node, const Pool2DParams& p) {
  const Tensor& input = *node.inputs[0];
  auto after = [](int out, int stride, int window, int in, int before) {
    return static_cast<uint32_t>(std::max((out - 1) * stride + window - in - before, 0));
  };
  PoolGeometry g;
  g.pad_top = static_cast<uint32_t>(p.padding.top);
  g.pad_left = static_cast<uint32_t>(p.padding.left);
  g.pad_bottom = after(p.padding.out_h, p.stride_h, p.filter_h, input.dim(1), p.padding.top);
  g.pad_right = after(p.padding.out_w, p.stride_w, p.filter_w, input.dim(2), p.padding.left);
  g.window_h = static_cast<uint32_t>(p.filter_h);
  g.window_w = static_cast<uint32_t>(p.filter_w);
  g.stride_h = static_cast<uint32_t>(p.stride_h);
  g.stride_w = static_cast<uint32_t>(p.stride_w);
  g.channels = static_cast<size_t>(input.dim(3));
  return g;
}

Status SetupPoolForNode(const runtime::NodeContext& node, Operator& op) {
  const Tensor& input = *node.inputs[0];
  auto status = SetupPool(op, static_cast<size_t>(input.dim(0)), static_cast<size_t>(input.dim(1)),
                          static_cast<size_t>(input.dim(2)), input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
