#include "runtime/kernels/xnnpack/unary_common.h"

#include <algorithm>

namespace edgepose::kernels::xnnpack {

size_t RowChannels(const Tensor& tensor) {
  return tensor.rank() == 0 ? 1 : static_cast<size_t>(std::max(tensor.shape.back(), 1));
}

bool IsUnaryOf(const runtime::NodeContext& node, DType type) {
  return node.inputs.size() == 1 && node.outputs.size() == 1 && node.inputs[0] && node.inputs[0]->type == type &&
         node.outputs[0]->type == type;
}

bool IsInt8UnaryWithOutput(const runtime::NodeContext& node, float output_scale, int32_t output_zero_point) {
  if (!IsUnaryOf(node, DType::kInt8) || !IsPerTensorInt8(*node.inputs[0]) || !IsPerTensorInt8(*node.outputs[0]))
    return false;
  const QuantInfo out = TensorQuant(*node.outputs[0]);
  return out.scale == output_scale && out.zero_point == output_zero_point;
}

Status SetupRowsForNode(const runtime::NodeContext& node, Operator& op) {
  const Tensor& input = *node.inputs[0];
  const size_t channels = RowChannels(input);
  const size_t rows = static_cast<size_t>(input.num_elements()) / channels;
  auto status = SetupUnary(op, rows, input.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
