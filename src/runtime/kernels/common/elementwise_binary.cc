#include "runtime/kernels/common/elementwise_binary.h"

namespace edgepose::kernels {

Result<BinaryParams> PrepareBinary(runtime::NodeContext& node, tfl::ActivationFunctionType activation) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1])
    return node.Fail("expected 2 inputs and 1 output");
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  Tensor& out = *node.outputs[0];
  if (a.type != b.type || a.type != out.type)
    return node.Fail(std::string("input and output dtypes differ (") + DTypeName(a.type) + ", " +
                     DTypeName(b.type) + " -> " + DTypeName(out.type) + ")");
  BinaryParams params;
  auto plan = PlanBroadcast(a.shape, b.shape);
  if (!plan) return node.Fail(plan.error().message);
  params.plan = std::move(*plan);
  auto range = FusedActivationRange(activation);
  if (!range) return node.Fail(range.error().message);
  params.range = *range;
  out.shape = params.plan.output_shape;
  return params;
}

}  // namespace edgepose::kernels
