// RESHAPE: the output holds the input's bytes under a new shape (TFLite kernels/reshape.cc).
// The new shape comes from input 1 when it is a 1-D INT32 tensor, else from
// ReshapeOptions.new_shape (where the legacy [0] means a scalar). At most one entry may be
// -1 and is inferred from the element count. Any dtype; quantization passes through unchanged.
// Shapes are static here, so a non-constant shape tensor is accepted only when the options
// repeat the shape (TFLite's converter writes both); the element count is checked either way.
#include <cstring>

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {
namespace {

constexpr size_t kInput = 0;
constexpr size_t kShape = 1;

Result<Shape> RequestedShape(const runtime::NodeContext& node) {
  const Tensor* shape_tensor = node.input(kShape);
  const auto* options = node.ir->builtin_options.AsReshapeOptions();
  const bool tensor_usable = shape_tensor && shape_tensor->rank() == 1 && shape_tensor->type == DType::kInt32;
  if (tensor_usable && shape_tensor->data) {
    const int32_t* dims = shape_tensor->data_as<int32_t>();
    if (shape_tensor->bytes < static_cast<size_t>(shape_tensor->dim(0)) * sizeof(int32_t))
      return node.Fail("shape tensor \"" + shape_tensor->name + "\" holds fewer values than its shape says");
    return Shape(dims, dims + shape_tensor->dim(0));
  }
  if (options && !options->new_shape.empty()) {
    Shape shape(options->new_shape.begin(), options->new_shape.end());
    if (shape.size() == 1 && shape[0] == 0) shape.clear();  // legacy encoding of a scalar
    return shape;
  }
  if (tensor_usable) return node.Fail("shape tensor \"" + shape_tensor->name + "\" is not constant (dynamic shapes are not supported)");
  if (shape_tensor) return node.Fail("shape tensor \"" + shape_tensor->name + "\" is not a 1-D INT32 tensor and options give no new_shape");
  if (options) return Shape{};  // options present with an empty new_shape: a scalar
  return node.Fail("no shape tensor and no ReshapeOptions");
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  if (node.inputs.empty() || node.inputs.size() > 2 || node.outputs.size() != 1 || !node.input(kInput))
    return node.Fail("expected 1 or 2 inputs and 1 output");
  const Tensor& in = *node.inputs[kInput];
  Tensor& out = *node.outputs[0];
  if (out.type != in.type)
    return node.Fail(std::string("output dtype ") + DTypeName(out.type) + " differs from input dtype " + DTypeName(in.type));
  EP_ASSIGN_OR_RETURN(Shape shape, RequestedShape(node));
  int inferred = -1;
  int64_t known = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1) {
      if (inferred >= 0) return node.Fail("new shape " + ShapeToString(shape) + " has more than one -1");
      inferred = static_cast<int>(d);
    } else if (shape[d] < 0) {
      return node.Fail("new shape " + ShapeToString(shape) + " has a negative dimension");
    } else {
      known *= shape[d];
    }
  }
  const int64_t elements = in.num_elements();
  if (inferred >= 0) {
    if (known == 0 || elements % known != 0)
      return node.Fail("cannot infer the -1 of " + ShapeToString(shape) + " for " + std::to_string(elements) + " elements");
    shape[inferred] = static_cast<int32_t>(elements / known);
  }
  if (NumElements(shape) != elements)
    return node.Fail("new shape " + ShapeToString(shape) + " does not hold the " + std::to_string(elements) +
                     " elements of " + ShapeToString(in.shape));
  out.shape = shape;
  return runtime::KernelParams{};
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams&) {
  const Tensor& in = *node.inputs[kInput];
  Tensor& out = *node.outputs[0];
  if (out.data != in.data) std::memmove(out.data, in.data, std::min(in.bytes, out.bytes));
  return Ok();
}

}  // namespace

const runtime::KernelDef& ReshapeKernel() {
  static const runtime::KernelDef kernel{"reference/RESHAPE", tfl::BuiltinOperator_RESHAPE, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
