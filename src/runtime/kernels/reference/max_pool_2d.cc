// MAX_POOL_2D as TFLite runs it (reference/pooling.h MaxPool): the maximum over the window clipped
// to the input, then the fused activation. FLOAT32, INT8, UINT8, INT16 (quantization of input and
// output equal, so the integer maximum needs no rescaling). See common/pooling.h for options.
#include "runtime/kernels/reference/max_pool_2d.h"

#include <limits>

namespace edgepose::kernels::reference {
namespace {

template <class T, class Clamp>
void EvalMax(const runtime::NodeContext& node, const MaxPool2DParams& p, Clamp clamp) {
  const Tensor& input = *node.inputs[0];
  const int in_w = input.dim(2), channels = input.dim(3);
  const T* in = input.data_as<T>();
  T* out = node.outputs[0]->data_as<T>();
  ForEachPoolWindow(input, p, [&](int64_t out_offset, int y_begin, int y_end, int x_begin, int x_end, int64_t in_base) {
    T* dst = out + out_offset;
    std::fill(dst, dst + channels, std::numeric_limits<T>::lowest());
    for (int y = y_begin; y < y_end; ++y)
      for (int x = x_begin; x < x_end; ++x) {
        const T* src = in + in_base + (static_cast<int64_t>(y) * in_w + x) * channels;
        for (int c = 0; c < channels; ++c) dst[c] = std::max(dst[c], src[c]);
      }
    for (int c = 0; c < channels; ++c) dst[c] = clamp(dst[c]);
  });
}

template <class T>
void EvalQuantized(const runtime::NodeContext& node, const MaxPool2DParams& p) {
  EvalMax<T>(node, p, [&](T v) { return static_cast<T>(std::clamp<int32_t>(v, p.act_min, p.act_max)); });
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(MaxPool2DParams params, PrepareMaxPool2D(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& p = state.as<MaxPool2DParams>();
  switch (node.inputs[0]->type) {
    case DType::kFloat32: EvalMax<float>(node, p, [&](float v) { return p.range.Apply(v); }); break;
    case DType::kInt8: EvalQuantized<int8_t>(node, p); break;
    case DType::kUInt8: EvalQuantized<uint8_t>(node, p); break;
    case DType::kInt16: EvalQuantized<int16_t>(node, p); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& MaxPool2DKernel() {
  static const runtime::KernelDef kernel{"reference/MAX_POOL_2D", tfl::BuiltinOperator_MAX_POOL_2D,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
