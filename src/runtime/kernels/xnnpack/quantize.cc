// QUANTIZE on XNNPACK over the flat tensor:
//  - float32 -> per-tensor INT8 / UINT8 (convert_nc_f32_qs8 / _qu8). XNNPACK multiplies by 1/scale
//    in fp32 and rounds half to even where TFLite divides in double and rounds half away from zero:
//    within one step.
//  - per-tensor INT8 / UINT8 -> INT8 / UINT8 (TFLite's requantize, e.g. before a CONCATENATION whose
//    inputs had different ranges): XNNPACK 2022 has no 8-bit -> 8-bit convert, so it is the exact
//    dequantize into a float scratch row, then the quantize above (TFLite's fixed-point multiplier
//    rounds within one step of that).
// Per-channel outputs and INT16 stay on the reference kernel. The reference QUANTIZE keeps its
// Params private, so Prepare here is the shared unary one (common/elementwise_unary.h) and
// supports() checks the quantization the reference Prepare would.
#include <vector>

#include "runtime/kernels/common/elementwise_unary.h"
#include "runtime/kernels/xnnpack/kernel_util.h"

namespace edgepose::kernels::xnnpack {
namespace {

struct State {
  Operator dequantize;        // only for 8-bit input: into `scratch`
  Operator quantize;          // float (the input or `scratch`) -> output
  std::vector<float> scratch;
};

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0]) return false;
  const Tensor& input = *node.inputs[0];
  return (input.type == DType::kFloat32 || IsPerTensor8Bit(input)) && IsPerTensor8Bit(*node.outputs[0]) &&
         input.num_elements() > 0;
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32, DType::kInt8, DType::kUInt8}, /*same_dtype=*/false));
  const Tensor& input = *node.inputs[0];
  const Tensor& output = *node.outputs[0];
  State state;
  if (input.type != DType::kFloat32) {
    const ConvertOp op = input.type == DType::kInt8 ? ConvertOp::kInt8ToFloat : ConvertOp::kUInt8ToFloat;
    EP_ASSIGN_OR_RETURN(state.dequantize, NodeResult(node, CreateConvert(op, 1, TensorQuant(input))));
    // XNNPACK may read kReadSlackBytes past the end of its input.
    state.scratch.resize(static_cast<size_t>(input.num_elements()) + kReadSlackBytes / sizeof(float));
  }
  const ConvertOp op = output.type == DType::kInt8 ? ConvertOp::kFloatToInt8 : ConvertOp::kFloatToUInt8;
  EP_ASSIGN_OR_RETURN(state.quantize, NodeResult(node, CreateConvert(op, 1, TensorQuant(output))));
  return runtime::KernelParams::Make(std::move(state));
}

Status Bind(const runtime::NodeContext& node, runtime::KernelParams& params) {
  auto& state = params.as<State>();
  const Tensor& input = *node.inputs[0];
  const auto count = static_cast<size_t>(input.num_elements());
  const void* float_input = input.data;
  if (state.dequantize.valid()) {
    auto status = SetupConvert(state.dequantize, count, input.data, state.scratch.data(), node.threadpool);
    if (!status) return node.Fail(status.error().message);
    float_input = state.scratch.data();
  }
  auto status = SetupConvert(state.quantize, count, float_input, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& params) {
  auto& state = params.as<State>();
  for (const Operator* op : {&state.dequantize, &state.quantize}) {
    if (!op->valid()) continue;
    auto status = op->Run(node.threadpool);
    if (!status) return node.Fail(status.error().message);
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& QuantizeKernel() {
  static const runtime::KernelDef kernel{"xnnpack/QUANTIZE", tfl::BuiltinOperator_QUANTIZE, Backend::kXnnpack,
                                         Supports, Prepare, Eval, Bind};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
