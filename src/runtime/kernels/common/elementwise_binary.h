// Shared Prepare/Eval for binary elementwise ops (ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM,
// SQUARED_DIFFERENCE, ...): two inputs of one dtype, NumPy broadcasting, optional fused
// activation. Each op's own file supplies only its options and its scalar function.
#pragma once

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/common/broadcast.h"

namespace edgepose::kernels {

struct BinaryParams {
  BroadcastPlan plan;
  FloatRange range;
};

Result<BinaryParams> PrepareBinary(runtime::NodeContext& node, tfl::ActivationFunctionType activation);

template <class T, class Op>
void EvalBinary(const runtime::NodeContext& node, const BinaryParams& params, Op op) {
  const T* a = node.inputs[0]->data_as<T>();
  const T* b = node.inputs[1]->data_as<T>();
  T* out = node.outputs[0]->data_as<T>();
  ForEachBroadcast(params.plan, [&](int64_t o, int64_t ia, int64_t ib) { out[o] = op(a[ia], b[ib]); });
}

template <class Op>
Status EvalBinaryFloat(const runtime::NodeContext& node, const BinaryParams& params, Op op) {
  const FloatRange range = params.range;
  EvalBinary<float>(node, params, [&](float a, float b) { return range.Apply(op(a, b)); });
  return Ok();
}

}  // namespace edgepose::kernels
