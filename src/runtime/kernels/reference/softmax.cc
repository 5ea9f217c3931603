// SOFTMAX over the last axis: y_i = exp(beta * (x_i - max x)) / sum_j exp(beta * (x_j - max x))
// (TFLite kernels/activations.cc, reference softmax.h). Options: SoftmaxOptions.beta.
// FLOAT32, rank >= 1.
#include "runtime/kernels/reference/softmax.h"

#include <cmath>
#include <limits>

#include "runtime/kernels/common/elementwise_unary.h"

namespace edgepose::kernels::reference {

Result<SoftmaxParams> PrepareSoftmax(runtime::NodeContext& node) {
  EP_RETURN_IF_ERROR(PrepareUnary(node, {DType::kFloat32}));
  const Tensor& in = *node.inputs[0];
  if (in.rank() < 1) return node.Fail("input \"" + in.name + "\" is a scalar; softmax needs rank >= 1");
  SoftmaxParams params;
  if (const auto* options = node.ir->builtin_options.AsSoftmaxOptions()) params.beta = options->beta;
  params.depth = in.dim(in.rank() - 1);
  params.rows = params.depth == 0 ? 0 : in.num_elements() / params.depth;
  return params;
}

namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(SoftmaxParams params, PrepareSoftmax(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& params = state.as<SoftmaxParams>();
  const float* in = node.inputs[0]->data_as<float>();
  float* out = node.outputs[0]->data_as<float>();
  for (int64_t row = 0; row < params.rows; ++row, in += params.depth, out += params.depth) {
    float max = std::numeric_limits<float>::lowest();
    for (int64_t c = 0; c < params.depth; ++c) max = std::max(max, in[c]);
    float sum = 0.f;
    for (int64_t c = 0; c < params.depth; ++c) {
      out[c] = std::exp((in[c] - max) * params.beta);
      sum += out[c];
    }
    for (int64_t c = 0; c < params.depth; ++c) out[c] /= sum;
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& SoftmaxKernel() {
  static const runtime::KernelDef kernel{"reference/SOFTMAX", tfl::BuiltinOperator_SOFTMAX, Backend::kReference,
                                         nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
