// AVERAGE_POOL_2D as TFLite runs it (reference/pooling.h AveragePool): the mean over the window
// clipped to the input (padding cells are not counted), then the fused activation. FLOAT32; INT8,
// UINT8, INT16 with equal input/output quantization, where the integer sum is divided with
// rounding half away from zero, as TFLite's integer reference does. See common/pooling.h.
#include "runtime/kernels/reference/average_pool_2d.h"

#include <vector>

namespace edgepose::kernels::reference {
namespace {

// Sums each window into Acc and hands finish(sum, count) the result for every channel.
template <class T, class Acc, class Finish>
void EvalAverage(const runtime::NodeContext& node, const AveragePool2DParams& p, Finish finish) {
  const Tensor& input = *node.inputs[0];
  const int in_w = input.dim(2), channels = input.dim(3);
  const T* in = input.data_as<T>();
  T* out = node.outputs[0]->data_as<T>();
  std::vector<Acc> sum(static_cast<size_t>(channels));
  ForEachPoolWindow(input, p, [&](int64_t out_offset, int y_begin, int y_end, int x_begin, int x_end, int64_t in_base) {
    std::fill(sum.begin(), sum.end(), Acc{0});
    for (int y = y_begin; y < y_end; ++y)
      for (int x = x_begin; x < x_end; ++x) {
        const T* src = in + in_base + (static_cast<int64_t>(y) * in_w + x) * channels;
        for (int c = 0; c < channels; ++c) sum[c] += src[c];
      }
    const int count = std::max((y_end - y_begin) * (x_end - x_begin), 1);
    for (int c = 0; c < channels; ++c) out[out_offset + c] = finish(sum[c], count);
  });
}

template <class T>
void EvalQuantized(const runtime::NodeContext& node, const AveragePool2DParams& p) {
  EvalAverage<T, int32_t>(node, p, [&](int32_t sum, int count) {
    const int32_t average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    return static_cast<T>(std::clamp(average, p.act_min, p.act_max));
  });
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(AveragePool2DParams params, PrepareAveragePool2D(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& p = state.as<AveragePool2DParams>();
  switch (node.inputs[0]->type) {
    case DType::kFloat32:
      EvalAverage<float, float>(node, p, [&](float sum, int count) { return p.range.Apply(sum / count); });
      break;
    case DType::kInt8: EvalQuantized<int8_t>(node, p); break;
    case DType::kUInt8: EvalQuantized<uint8_t>(node, p); break;
    case DType::kInt16: EvalQuantized<int16_t>(node, p); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& AveragePool2DKernel() {
  static const runtime::KernelDef kernel{"reference/AVERAGE_POOL_2D", tfl::BuiltinOperator_AVERAGE_POOL_2D,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
