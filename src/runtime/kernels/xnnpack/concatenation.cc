// CONCATENATION on XNNPACK as strided copies: the output is [outer, sum of axis extents * inner];
// input i is `outer` rows of axis_i * inner elements written at column offset_i * inner, one
// copy_nc operator per input (x32, x16 or x8; 8-byte elements copy as two 32-bit halves). Only
// plain copies: no fused activation, and quantized inputs must already share the output's scale and
// zero point (requantizing concats stay on the reference kernel). Params from reference/concatenation.h.
#include "runtime/kernels/reference/concatenation.h"

#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::ConcatenationParams;

struct State {
  Params params;
  std::vector<Operator> copies;  // one per input
};

bool SameQuantization(const Tensor& a, const Tensor& b) { return a.quant.scale == b.quant.scale &&
                                                                 a.quant.zero_point == b.quant.zero_point; }

// XNNPACK copies 1-, 2- or 4-byte units; larger elements are several units.
size_t CopyUnitBytes(DType type) { return DTypeSize(type) >= 4 ? 4 : DTypeSize(type); }

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.empty() || node.outputs.size() != 1) return false;
  const auto* options = node.ir->builtin_options.AsConcatenationOptions();
  if (options && options->fused_activation_function != tfl::ActivationFunctionType_NONE) return false;
  const Tensor& output = *node.outputs[0];
  const size_t bytes = DTypeSize(output.type);
  if (bytes == 0 || bytes % CopyUnitBytes(output.type) != 0) return false;
  const bool quantized = output.type == DType::kInt8 || output.type == DType::kUInt8 || output.type == DType::kInt16;
  for (const Tensor* input : node.inputs) {
    if (!input || input->type != output.type || input->num_elements() < 1) return false;
    if (quantized && !SameQuantization(*input, output)) return false;
  }
  return true;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  State state;
  EP_ASSIGN_OR_RETURN(state.params, reference::PrepareConcatenation(node));
  const Params& p = state.params;
  const DType type = node.outputs[0]->type;
  const size_t units_per_element = DTypeSize(type) / CopyUnitBytes(type);
  int64_t total_axis = 0;
  for (int64_t extent : p.axis_dims) total_axis += extent;
  const auto output_stride = static_cast<size_t>(total_axis * p.inner) * units_per_element;
  for (int64_t extent : p.axis_dims) {
    const auto row = static_cast<size_t>(extent * p.inner) * units_per_element;
    EP_ASSIGN_OR_RETURN(Operator copy, NodeResult(node, CreateCopy(CopyUnitBytes(type), row, row, output_stride)));
    state.copies.push_back(std::move(copy));
  }
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& params) {
  auto& state = params.as<State>();
  const Params& p = state.params;
  const size_t element_bytes = DTypeSize(node.outputs[0]->type);
  size_t column = 0;  // elements from the start of an output row
  for (size_t i = 0; i < state.copies.size(); ++i) {
    uint8_t* output = node.outputs[0]->data + column * element_bytes;
    auto status = SetupCopy(state.copies[i], static_cast<size_t>(p.outer), node.inputs[i]->data, output,
                            node.threadpool);
    if (!status) return node.Fail(status.error().message);
    column += static_cast<size_t>(p.axis_dims[i] * p.inner);
  }
  return Ok();
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& params) {
  for (const Operator& copy : params.as<State>().copies) {
    auto status = copy.Run(node.threadpool);
    if (!status) return node.Fail(status.error().message);
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& ConcatenationKernel() {
  static const runtime::KernelDef kernel{"xnnpack/CONCATENATION", tfl::BuiltinOperator_CONCATENATION,
                                         Backend::kXnnpack, Supports, Prepare, Eval, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
