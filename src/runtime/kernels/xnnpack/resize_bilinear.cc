// RESIZE_BILINEAR on XNNPACK: float32 and int8. TFLite's options map to XNNPACK's modes:
// half_pixel_centers -> default (half-pixel, source clamped at 0), align_corners ->
// XNN_FLAG_ALIGN_CORNERS, neither -> XNN_FLAG_TENSORFLOW_LEGACY_MODE (scale in/out, no offset).
// Int8 interpolates in XNNPACK's fixed point (±1 step from TFLite); int8 align_corners falls back. Params from reference/resize_bilinear.h.
#include "runtime/kernels/reference/resize_bilinear.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::ResizeBilinearParams;
using State = XnnNodeState<Params>;

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0]) return false;
  const Tensor& input = *node.inputs[0];
  if (input.rank() != 4 || node.outputs[0]->type != input.type) return false;
  if (input.type == DType::kFloat32) return true;
  // Int8 with align_corners differs from TFLite by up to 2 steps (measured: XNNPACK's 11-bit weights
  // vs TFLite's); the other two modes stay within one step.
  const auto* options = node.ir->builtin_options.AsResizeBilinearOptions();
  return input.type == DType::kInt8 && IsPerTensorInt8(input) && !(options && options->align_corners);
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareResizeBilinear(node));
  const ResizeMode mode = state.params.align_corners        ? ResizeMode::kAlignCorners
                          : state.params.half_pixel_centers ? ResizeMode::kHalfPixelCenters
                                                            : ResizeMode::kLegacy;
  const auto channels = static_cast<size_t>(node.inputs[0]->dim(3));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, node.inputs[0]->type == DType::kFloat32
                                                     ? CreateResizeBilinearF32(channels, mode)
                                                     : CreateResizeBilinearS8(channels, mode)));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& state) {
  auto& s = state.as<State>();
  const Tensor& input = *node.inputs[0];
  auto status = SetupResizeBilinear(s.op, static_cast<size_t>(input.dim(0)), static_cast<size_t>(input.dim(1)),
                                    static_cast<size_t>(input.dim(2)), static_cast<size_t>(s.params.out_h),
                                    static_cast<size_t>(s.params.out_w), input.data, node.outputs[0]->data,
                                    node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace

const runtime::KernelDef& ResizeBilinearKernel() {
  static const runtime::KernelDef kernel{"xnnpack/RESIZE_BILINEAR", tfl::BuiltinOperator_RESIZE_BILINEAR,
                                         Backend::kXnnpack, Supports, Prepare, RunNode<Params>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
