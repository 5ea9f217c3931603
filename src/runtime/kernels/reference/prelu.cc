// PRELU: y = x >= 0 ? x : alpha * x, with alpha (input 1, usually a constant of shape [1,1,C]
// or [C]) broadcast against x; the output has the broadcast shape (TFLite kernels/activations.cc
// PreluPrepare / reference prelu.h). FLOAT32. No options.
#include "runtime/kernels/reference/prelu.h"

namespace edgepose::kernels::reference {

constexpr size_t kInput = 0;
constexpr size_t kAlpha = 1;

Result<PreluParams> PreparePrelu(runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.input(kInput) || !node.input(kAlpha))
    return node.Fail("expected 2 inputs (input, alpha) and 1 output");
  const Tensor& in = *node.inputs[kInput];
  const Tensor& alpha = *node.inputs[kAlpha];
  Tensor& out = *node.outputs[0];
  if (in.type != DType::kFloat32)
    return node.Fail(std::string("input dtype ") + DTypeName(in.type) + " is not supported (expected FLOAT32)");
  if (alpha.type != in.type || out.type != in.type)
    return node.Fail(std::string("alpha and output dtypes (") + DTypeName(alpha.type) + ", " + DTypeName(out.type) +
                     ") must equal the input's " + DTypeName(in.type));
  PreluParams params;
  auto plan = PlanBroadcast(in.shape, alpha.shape);
  if (!plan) return node.Fail("alpha \"" + alpha.name + "\": " + plan.error().message);
  params.plan = std::move(*plan);
  out.shape = params.plan.output_shape;
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(PreluParams params, PreparePrelu(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<PreluParams>();
  const float* in = node.inputs[kInput]->data_as<float>();
  const float* alpha = node.inputs[kAlpha]->data_as<float>();
  float* out = node.outputs[0]->data_as<float>();
  ForEachBroadcast(params.plan, [&](int64_t o, int64_t i, int64_t a) {
    out[o] = in[i] >= 0.f ? in[i] : in[i] * alpha[a];
  });
  return Ok();
}

}  // namespace

const runtime::KernelDef& PreluKernel() {
  static const runtime::KernelDef kernel{"reference/PRELU", tfl::BuiltinOperator_PRELU, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
