// Pieces every XNNPACK kernel shares: the per-node state (the reference Params plus the operator
// handle), tensor -> adapter conversions, and the checks `supports()` repeats (dtype, per-tensor
// int8 quantization, constant weights). Convolution-specific sharing lives in conv_common.h.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/kernel.h"
#include "runtime/kernels/common/activation.h"
#include "runtime/kernels/xnnpack/xnn_adapter.h"

namespace edgepose::kernels::xnnpack {

// What an XNNPACK kernel keeps per node: the reference kernel's resolved Params (never a copy of
// their fields) and the XNNPACK operator created from them.
template <class Params>
struct XnnNodeState {
  Params params;
  Operator op;
};

// The quantization of a per-tensor quantized tensor as XNNPACK takes it.
QuantInfo TensorQuant(const Tensor& tensor);

// Tensor shape as size_t dims.
std::vector<size_t> Dims(const Tensor& tensor);

// True when the tensor has exactly one scale (> 0) and an int8 zero point.
bool IsPerTensorInt8(const Tensor& tensor);

// IsPerTensorInt8, or the same for UINT8 with a zero point in [0, 255].
bool IsPerTensor8Bit(const Tensor& tensor);

// Real-valued ratio limits of XNNPACK's 2022 fp32 requantization (input*filter/output scale).
bool RequantizationScaleSupported(double scale);

// Integer clamp from the reference's requantization bounds.
int8_t ClampToInt8(int32_t value);

// Shared eval: run the operator on the node's thread pool.
template <class Params>
Status RunNode(const runtime::NodeContext& node, runtime::KernelParams& state) {
  auto& s = state.as<XnnNodeState<Params>>();
  auto status = s.op.Run(node.threadpool);
  if (!status) return node.Fail(status.error().message);
  return Ok();
}

// Adds the node prefix to an adapter error.
template <class T>
Result<T> NodeResult(const runtime::NodeContext& node, Result<T> result) {
  if (!result) return node.Fail(result.error().message);
  return result;
}

}  // namespace edgepose::kernels::xnnpack
