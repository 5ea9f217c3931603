// DEQUANTIZE per-tensor INT8 / UINT8 -> float32 on XNNPACK (convert_nc_qs8_f32 / _qu8_f32):
// (q - zero_point) * scale in fp32, the same correctly rounded product as TFLite's. FLOAT16
// weights (folded at Create), INT16 and per-channel inputs stay on the reference kernel, whose
// Params are private: Prepare is the shared unary one and supports() checks the quantization.
#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

struct Empty {};
using State = XnnNodeState<Empty>;

bool Supports(const runtime::NodeContext& node) {
  return node.inputs.size() == 1 && node.outputs.size() == 1 && node.inputs[0] && IsPerTensor8Bit(*node.inputs[0]) &&
         node.outputs[0]->type == DType::kFloat32 && node.inputs[0]->num_elements() > 0;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kInt8, DType::kUInt8}, /*same_dtype=*/false));
  const Tensor& input = *node.inputs[0];
  const ConvertOp op = input.type == DType::kInt8 ? ConvertOp::kInt8ToFloat : ConvertOp::kUInt8ToFloat;
  State state;
  EP_ASSIGN_OR_RETURN(state.op, NodeResult(node, CreateConvert(op, 1, TensorQuant(input))));
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

const runtime::KernelDef& DequantizeKernel() {
  static const runtime::KernelDef kernel{"xnnpack/DEQUANTIZE", tfl::BuiltinOperator_DEQUANTIZE, Backend::kXnnpack,
                                         Supports, Prepare, RunNode<Empty>, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
