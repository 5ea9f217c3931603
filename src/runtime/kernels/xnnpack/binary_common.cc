#include "runtime/kernels/xnnpack/binary_common.h"

namespace edgepose::kernels::xnnpack {

bool SupportsBinaryNode(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1]) return false;
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  return a.type == DType::kFloat32 && b.type == DType::kFloat32 && node.outputs[0]->type == DType::kFloat32 &&
         a.rank() <= kMaxBinaryRank && b.rank() <= kMaxBinaryRank;
}

Result<Operator> CreateBinaryForNode(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range) {
  return NodeResult(node, CreateBinaryF32(op, range.min, range.max));
}

Status SetupBinaryForNode(const runtime::NodeContext& node, Operator& op) {
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  auto status = SetupBinary(op, Dims(a), Dims(b), a.data, b.data, node.outputs[0]->data, node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
