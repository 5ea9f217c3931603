// PRELU on XNNPACK: float32 with a constant alpha of one slope per channel of the last dim (alpha
// [C], [1,C], [1,1,C], ...), which is what prelu_nc_f32 takes; other alpha shapes (full-tensor or
// per-row broadcasting) stay on the reference kernel. Params from reference/prelu.h.
#include "runtime/kernels/reference/prelu.h"
#include "runtime/kernels/xnnpack/unary_common.h"

namespace edgepose::kernels::xnnpack {
namespace {

using Params = reference::PreluParams;

bool Supports(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1]) return false;
  const Tensor& input = *node.inputs[0];
  const Tensor& alpha = *node.inputs[1];
  if (input.type != DType::kFloat32 || alpha.type != DType::kFloat32 || !alpha.is_constant) return false;
  if (input.rank() < 1 || alpha.rank() < 1 || alpha.rank() > input.rank()) return false;
  for (size_t i = 0; i + 1 < alpha.rank(); ++i)
    if (alpha.dim(i) != 1) return false;
  return alpha.shape.back() == input.shape.back();
}

Result<Operator> Create(const runtime::NodeContext& node, const Params&) {
  return CreatePReluF32(RowChannels(*node.inputs[0]), node.inputs[1]->data_as<float>());
}

}  // namespace

const runtime::KernelDef& PreluKernel() {
  static const runtime::KernelDef kernel{"xnnpack/PRELU", tfl::BuiltinOperator_PRELU, Backend::kXnnpack, Supports,
                                         PrepareUnaryKernel<Params, reference::PreparePrelu, Create>, RunNode<Params>,
                                         BindUnaryKernel<Params>};
  return kernel;
}

}  // namespace edgepose::kernels::xnnpack
