// TANH: y = tanh(x) (TFLite kernels/activations.cc TanhEval). FLOAT32; INT8 / UINT8 through a
// 256-entry table built in float (TFLite's PopulateLookupTable), any output quantization.
// No options.
#include "runtime/kernels/reference/tanh.h"

namespace edgepose::kernels::reference {

Result<TanhParams> PrepareTanh(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32, DType::kInt8, DType::kUInt8}));
  TanhParams params;
  const Tensor& in = *node.inputs[0];
  const Tensor& out = *node.outputs[0];
  if (in.type == DType::kFloat32) return params;
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, in, "input"));
  EP_RETURN_IF_ERROR(RequirePerTensorQuant(node, out, "output"));
  auto tanh = [](float x) { return std::tanh(x); };
  if (in.type == DType::kInt8) params.table = BuildLookupTable<int8_t>(in.quant, out.quant, tanh);
  else params.table = BuildLookupTable<uint8_t>(in.quant, out.quant, tanh);
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(TanhParams params, PrepareTanh(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<TanhParams>();
  switch (node.inputs[0]->type) {
    case DType::kFloat32: EvalUnary<float, float>(node, [](float x) { return std::tanh(x); }); break;
    case DType::kInt8: EvalLookupTable<int8_t>(node, params.table); break;
    case DType::kUInt8: EvalLookupTable<uint8_t>(node, params.table); break;
    default: return node.Fail("unexpected dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& TanhKernel() {
  static const runtime::KernelDef kernel{"reference/TANH", tfl::BuiltinOperator_TANH, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
