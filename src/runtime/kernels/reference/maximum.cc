// MAXIMUM: y = max(a, b) elementwise with NumPy broadcasting (TFLite
// kernels/maximum_minimum.cc). No options. MINIMUM (minimum.cc) shares the Prepare and Eval here.
#include "runtime/kernels/reference/maximum.h"

#include <algorithm>

namespace edgepose::kernels::reference {

Result<MaximumMinimumParams> PrepareMaximumMinimum(runtime::NodeContext& node) {
  MaximumMinimumParams params;
  EP_ASSIGN_OR_RETURN(params.binary, PrepareBinary(node, tfl::ActivationFunctionType_NONE));
  switch (node.inputs[0]->type) {
    case DType::kFloat32: case DType::kInt32: case DType::kInt64:
    case DType::kInt8: case DType::kUInt8: case DType::kInt16: break;
    default: return node.Fail(std::string("dtype ") + DTypeName(node.inputs[0]->type) + " is not supported");
  }
  return params;
}

namespace {

template <class T>
void EvalTyped(const runtime::NodeContext& node, const BinaryParams& params, bool pick_max) {
  if (pick_max) EvalBinary<T>(node, params, [](T a, T b) { return std::max(a, b); });
  else EvalBinary<T>(node, params, [](T a, T b) { return std::min(a, b); });
}

}  // namespace

Status EvalMaximumMinimum(const runtime::NodeContext& node, const MaximumMinimumParams& params, bool pick_max) {
  switch (node.inputs[0]->type) {
    case DType::kFloat32: EvalTyped<float>(node, params.binary, pick_max); break;
    case DType::kInt32: EvalTyped<int32_t>(node, params.binary, pick_max); break;
    case DType::kInt64: EvalTyped<int64_t>(node, params.binary, pick_max); break;
    case DType::kInt8: EvalTyped<int8_t>(node, params.binary, pick_max); break;
    case DType::kUInt8: EvalTyped<uint8_t>(node, params.binary, pick_max); break;
    case DType::kInt16: EvalTyped<int16_t>(node, params.binary, pick_max); break;
    default: return node.Fail("unexpected dtype at Eval");
  }
  return Ok();
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(MaximumMinimumParams params, PrepareMaximumMinimum(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  return EvalMaximumMinimum(node, state.as<MaximumMinimumParams>(), /*pick_max=*/true);
}

}  // namespace

const runtime::KernelDef& MaximumKernel() {
  static const runtime::KernelDef kernel{"reference/MAXIMUM", tfl::BuiltinOperator_MAXIMUM, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
