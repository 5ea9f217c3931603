#include "runtime/kernels/common/elementwise_unary.h"

#include <algorithm>

namespace edgepose::kernels {

std::string DTypeList(std::initializer_list<DType> types) {
  std::string text;
  for (DType type : types) {
    if (!text.empty()) text += ", ";
    text += DTypeName(type);
  }
  return text;
}

Status PrepareUnary(runtime::NodeContext& node, std::initializer_list<DType> supported, bool same_dtype) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1 || !node.inputs[0] || !node.outputs[0])
    return node.Fail("expected 1 input and 1 output");
  const Tensor& in = *node.inputs[0];
  Tensor& out = *node.outputs[0];
  if (std::find(supported.begin(), supported.end(), in.type) == supported.end())
    return node.Fail(std::string("input dtype ") + DTypeName(in.type) + " is not supported (expected " +
                     DTypeList(supported) + ")");
  if (same_dtype && out.type != in.type)
    return node.Fail(std::string("output dtype ") + DTypeName(out.type) + " differs from input dtype " +
                     DTypeName(in.type));
  out.shape = in.shape;
  return Ok();
}

Status RequirePerTensorQuant(const runtime::NodeContext& node, const Tensor& tensor, const char* role) {
  if (tensor.quant.scale.size() != 1 || tensor.quant.zero_point.size() > 1)
    return node.Fail(std::string(role) + " \"" + tensor.name + "\" needs per-tensor quantization (has " +
                     std::to_string(tensor.quant.scale.size()) + " scales)");
  if (!(tensor.quant.scale[0] > 0.f))
    return node.Fail(std::string(role) + " \"" + tensor.name + "\" has a non-positive scale");
  return Ok();
}

}  // namespace edgepose::kernels
