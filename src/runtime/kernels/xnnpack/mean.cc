// MEAN over H and W of an NHWC tensor (global average pooling) on XNNPACK:
// global_average_pooling_nwc over [batch, H*W, C], float32 (fused range none) and per-tensor int8
// (qs8). Other axes and dtypes stay on the reference kernel; keep_dims only changes the output shape,
// which the reference Prepare sets. Validation and Params come from reference/mean.h.
#include "runtime/kernels/reference/mean.h"

#include <limits>

#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::MeanParams;
using State = XnnNodeState<Params>;

// True when the constant axes name exactly dims 1 and 2 of a rank-4 input (any order, negative
// or repeated entries as TFLite allows).
bool ReducesHeightAndWidth(const Tensor& input, const Tensor& axes) {
  if (input.rank() != 4 || !axes.is_constant || axes.num_elements() < 1) return false;
  if (axes.type != DType::kInt32 && axes.type != DType::kInt64) return false;
  bool reduced[4] = {false, false, false, false};
  for (int64_t i = 0; i < axes.num_elements(); ++i) {
    int64_t axis = axes.type == DType::kInt32 ? axes.data_as<int32_t>()[i] : axes.data_as<int64_t>()[i];
    if (axis < 0) axis += 4;
    if (axis < 0 || axis >= 4) return false;
    reduced[axis] = true;
  }
  return !reduced[0] && reduced[1] && reduced[2] && !reduced[3];
}

size_t Channels(const Tensor& input) { return static_cast<size_t>(input.dim(3)); }
size_t Pixels(const Tensor& input) { return static_cast<size_t>(input.dim(1)) * static_cast<size_t>(input.dim(2)); }

Result<Operator> Create(const Tensor& input, const Tensor& output) {
  if (input.type == DType::kFloat32)
    return CreateGlobalAveragePoolF32(Channels(input), -std::numeric_limits<float>::infinity(),
                                      std::numeric_limits<float>::infinity());
  return CreateGlobalAveragePoolQs8(Channels(input), TensorQuant(input), TensorQuant(output),
                                    std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max());
}

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1]) return false;
  const Tensor& input = *node.inputs[0];
  const Tensor& output = *node.outputs[0];
  if (!ReducesHeightAndWidth(input, *node.inputs[1]) || input.num_elements() < 1) return false;
  if (input.type == DType::kFloat32) return output.type == DType::kFloat32;
  if (!IsPerTensorInt8(input) || !IsPerTensorInt8(output)) return false;
  // XNNPACK bounds the int8 rescale (input/output scale, divided by the pixel count at setup):
  // ask it, with a scratch setup that records pointers but reads nothing.
  auto op = Create(input, output);
  if (!op) return false;
  static int8_t scratch[64];
  return static_cast<bool>(SetupGlobalAveragePool(*op, 1, Pixels(input), scratch, scratch, nullptr));
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareMean(node));
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, Create(*node.inputs[0], *node.outputs[0])));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const Tensor& input = *node.inputs[0];
  auto status = SetupGlobalAveragePool(state.as<State>().op, static_cast<size_t>(input.dim(0)), Pixels(input),
                                       input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace

const runtime::KernelDef& MeanKernel() {
  static const runtime::KernelDef kernel{"xnnpack/MEAN", tfl::BuiltinOperator_MEAN, Backend::kXnnpack, Supports,
                                         Prepare, RunNode<Params>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
