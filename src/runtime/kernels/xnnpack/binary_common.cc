#include "runtime/kernels/xnnpack/binary_common.h"

#include <pthreadpool.h>

#include <limits>

namespace edgepose::kernels::xnnpack {
namespace {

// Below this many output elements one operator on one thread is quicker than waking a second one.
constexpr int64_t kMinSlicedElements = 16384;

// The XNNPACK binary operation behind the node's TFLite op.
BinaryOp OpOf(const runtime::NodeContext& node) {
  switch (node.op) {
    case tfl::BuiltinOperator_ADD: return BinaryOp::kAdd;
    case tfl::BuiltinOperator_SUB: return BinaryOp::kSubtract;
    case tfl::BuiltinOperator_MUL: return BinaryOp::kMultiply;
    case tfl::BuiltinOperator_MAXIMUM: return BinaryOp::kMaximum;
    default: return BinaryOp::kMinimum;
  }
}

FloatRange NodeActivationRange(const runtime::NodeContext& node) {
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE;
  if (const auto* add = node.ir->builtin_options.AsAddOptions()) activation = add->fused_activation_function;
  if (const auto* sub = node.ir->builtin_options.AsSubOptions()) activation = sub->fused_activation_function;
  if (const auto* mul = node.ir->builtin_options.AsMulOptions()) activation = mul->fused_activation_function;
  auto range = FusedActivationRange(activation);
  return range ? *range : FloatRange{};
}

Result<Operator> CreateQs8(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range) {
  const Tensor& output = *node.outputs[0];
  const QuantInfo out = TensorQuant(output);
  int32_t act_min = 0, act_max = 0;
  QuantizedActivationRange(range, out.scale, out.zero_point, std::numeric_limits<int8_t>::min(),
                           std::numeric_limits<int8_t>::max(), &act_min, &act_max);
  return CreateBinaryQs8(op, TensorQuant(*node.inputs[0]), TensorQuant(*node.inputs[1]), out, ClampToInt8(act_min),
                         ClampToInt8(act_max));
}

}  // namespace

bool SupportsBinaryNode(const runtime::NodeContext& node) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1]) return false;
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  const Tensor& out = *node.outputs[0];
  if (a.rank() > kMaxBinaryRank || b.rank() > kMaxBinaryRank) return false;
  if (a.type == DType::kFloat32) return b.type == DType::kFloat32 && out.type == DType::kFloat32;
  if (!IsPerTensorInt8(a) || !IsPerTensorInt8(b) || !IsPerTensorInt8(out) || !BinaryQs8Available(OpOf(node)))
    return false;
  // XNNPACK bounds the int8 scale ratios (e.g. input/output for ADD); ask it rather than restate them.
  return static_cast<bool>(CreateQs8(node, OpOf(node), NodeActivationRange(node)));
}

Result<BinaryOperators> CreateBinaryForNode(const runtime::NodeContext& node, BinaryOp op, const FloatRange& range) {
  auto create = [&]() -> Result<Operator> {
    if (node.inputs[0]->type == DType::kInt8) return NodeResult(node, CreateQs8(node, op, range));
    return NodeResult(node, CreateBinaryF32(op, range.min, range.max));
  };
  BinaryOperators ops;
  EP_ASSIGN_OR_RETURN(ops.whole, create());
  const Tensor& out = *node.outputs[0];
  const bool same_shapes = node.inputs[0]->shape == out.shape && node.inputs[1]->shape == out.shape;
  if (node.num_threads > 1 && same_shapes && out.num_elements() >= kMinSlicedElements) {
    for (int i = 0; i < node.num_threads; ++i) {
      EP_ASSIGN_OR_RETURN(Operator slice, create());
      ops.slices.push_back(std::move(slice));
    }
    ops.slice_results.assign(ops.slices.size(), Ok());
  }
  return ops;
}

Status SetupBinaryForNode(const runtime::NodeContext& node, BinaryOperators& ops) {
  const Tensor& a = *node.inputs[0];
  const Tensor& b = *node.inputs[1];
  const Tensor& out = *node.outputs[0];
  if (ops.slices.empty()) {
    auto status = SetupBinary(ops.whole, Dims(a), Dims(b), a.data, b.data, out.data, node.threadpool);
    if (!status) return node.Fail(status.error().message);
    return Ok();
  }
  node.kernel_note = std::to_string(ops.slices.size()) + " slices";
  // Slice i covers elements [i * n / k, (i + 1) * n / k) of all three tensors, as a 1-D operation.
  const size_t n = static_cast<size_t>(out.num_elements()), k = ops.slices.size(), size = DTypeSize(out.type);
  for (size_t i = 0; i < k; ++i) {
    const size_t begin = i * n / k, end = (i + 1) * n / k, offset = begin * size;
    const std::vector<size_t> dims{end - begin};
    auto status = SetupBinary(ops.slices[i], dims, dims, static_cast<const uint8_t*>(a.data) + offset,
                              static_cast<const uint8_t*>(b.data) + offset, static_cast<uint8_t*>(out.data) + offset,
                              nullptr);
    if (!status) return node.Fail(status.error().message);
  }
  return Ok();
}

namespace {

struct SliceRun {
  const std::vector<Operator>* slices;
  std::vector<Status>* results;
};

void RunSlice(void* context, size_t i) {
  const auto& run = *static_cast<const SliceRun*>(context);
  (*run.results)[i] = (*run.slices)[i].Run(nullptr);
}

}  // namespace

Status RunBinaryForNode(const runtime::NodeContext& node, BinaryOperators& ops) {
  if (ops.slices.empty() || !node.threadpool) {
    auto status = ops.slices.empty() ? ops.whole.Run(node.threadpool) : Ok();
    for (const Operator& slice : ops.slices)
      if (status) status = slice.Run(nullptr);
    if (!status) return node.Fail(status.error().message);
    return Ok();
  }
  SliceRun run{&ops.slices, &ops.slice_results};
  pthreadpool_parallelize_1d(static_cast<pthreadpool_t>(node.threadpool), RunSlice, &run, ops.slices.size(), 0);
  for (const Status& status : ops.slice_results)
    if (!status) return node.Fail(status.error().message);
  return Ok();
}

}  // namespace edgepose::kernels::xnnpack
