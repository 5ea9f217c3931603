// QUANTIZE float32 -> per-tensor INT8 / UINT8 on XNNPACK (convert_nc_f32_qs8 / _qu8) over the
// flat tensor. XNNPACK multiplies by 1/scale in fp32 and rounds half to even where TFLite divides
// in double and rounds half away from zero: within one step. Per-channel outputs, INT16 and
// requantizing (8-bit input) QUANTIZE stay on the reference kernel. The reference QUANTIZE keeps
// its Params private, so Prepare here is the shared unary one (common/elementwise_unary.h) and
// supports() checks the quantization the reference Prepare would.
#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

struct Empty {};
using State = XnnNodeState<Empty>;

bool Supports(const runtime::NodeContext& node) {
  return node.inputs.size() == 1 && node.outputs.size() == 1 && node.inputs[0] &&
         node.inputs[0]->type == DType::kFloat32 && IsPerTensor8Bit(*node.outputs[0]) &&
         node.inputs[0]->num_elements() > 0;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32}, /*same_dtype=*/false));
  const Tensor& output = *node.outputs[0];
  const ConvertOp op = output.type == DType::kInt8 ? ConvertOp::kFloatToInt8 : ConvertOp::kFloatToUInt8;
  State state;
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, CreateConvert(op, 1, TensorQuant(output))));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const Tensor& input = *node.inputs[0];
  auto status = SetupConvert(state.as<State>().op, static_cast<size_t>(input.num_elements()), input.data,
                             node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace

const runtime::KernelDef& QuantizeKernel() {
  static const runtime::KernelDef kernel{"xnnpack/QUANTIZE", tfl::BuiltinOperator_QUANTIZE, Backend::kXnnpack,
                                         Supports, Prepare, RunNode<Empty>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
