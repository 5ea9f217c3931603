// Integer ADD / SUB and MUL of INT8, UINT8 and INT16 tensors as TFLite's reference integer
// kernels compute them (kernels/add.cc + internal/reference/integer_ops/add.h; sub.cc; mul.cc +
// integer_ops/mul.h), over the shared broadcast plan of elementwise_binary.h.
//  - ADD / SUB: both inputs are shifted left (20 bits, 15 for INT16) and rescaled to twice the
//    larger input scale, summed (or subtracted), then rescaled to the output.
//  - MUL: (a - za) * (b - zb) rescaled by sa * sb / so.
// Each then adds the output zero point and clamps to the fused activation's quantized range.
#pragma once

#include "runtime/kernels/common/elementwise_binary.h"
#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels {

struct QuantizedAddParams {
  int32_t input1_offset = 0, input2_offset = 0, output_offset = 0;  // -za, -zb, zo
  int left_shift = 20;
  QuantizedMultiplier input1, input2, output;
  int32_t act_min = 0, act_max = 0;
};

struct QuantizedMulParams {
  int32_t input1_offset = 0, input2_offset = 0, output_offset = 0;
  QuantizedMultiplier output;
  int32_t act_min = 0, act_max = 0;
};

// Both check per-tensor quantization on the three tensors (and zero zero points for INT16);
// errors are problems without the node prefix. `pot_scale_int16` is Add/SubOptions' flag: TFLite
// takes a separate power-of-two-scale path for INT16 when it is set and all scales are powers of
// two, which we do not implement (rejected with an error).
Result<QuantizedAddParams> PrepareQuantizedAdd(const Tensor& a, const Tensor& b, const Tensor& out,
                                               const FloatRange& activation, bool pot_scale_int16);
Result<QuantizedMulParams> PrepareQuantizedMul(const Tensor& a, const Tensor& b, const Tensor& out,
                                               const FloatRange& activation);

template <class T>
void EvalQuantizedAdd(const runtime::NodeContext& node, const BinaryParams& binary, const QuantizedAddParams& q,
                      bool subtract) {
  EvalBinary<T>(node, binary, [&](T a, T b) {
    const int32_t shifted1 = (q.input1_offset + a) * (1 << q.left_shift);
    const int32_t shifted2 = (q.input2_offset + b) * (1 << q.left_shift);
    const int32_t scaled1 = MultiplyByQuantizedMultiplier(shifted1, q.input1.multiplier, q.input1.shift);
    const int32_t scaled2 = MultiplyByQuantizedMultiplier(shifted2, q.input2.multiplier, q.input2.shift);
    const int32_t raw = subtract ? scaled1 - scaled2 : scaled1 + scaled2;
    const int32_t out = MultiplyByQuantizedMultiplier(raw, q.output.multiplier, q.output.shift) + q.output_offset;
    return static_cast<T>(std::min(q.act_max, std::max(q.act_min, out)));
  });
}

template <class T>
void EvalQuantizedMul(const runtime::NodeContext& node, const BinaryParams& binary, const QuantizedMulParams& q) {
  EvalBinary<T>(node, binary, [&](T a, T b) {
    const int32_t product = (q.input1_offset + a) * (q.input2_offset + b);
    const int32_t out = MultiplyByQuantizedMultiplier(product, q.output.multiplier, q.output.shift) + q.output_offset;
    return static_cast<T>(std::min(q.act_max, std::max(q.act_min, out)));
  });
}

}  // namespace edgepose::kernels
