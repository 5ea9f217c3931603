// RESIZE_BILINEAR as TFLite runs it (resize_bilinear.cc, reference_ops ResizeBilinear and
// ResizeBilinearInteger): input [N,H,W,C], size = constant INT32 [2]; options align_corners and
// half_pixel_centers (not both). Source coordinate of output y: y*scale, or (y+0.5)*scale-0.5 with
// half_pixel_centers, where scale = in/out, or (in-1)/(out-1) with align_corners and out > 1; the
// lower neighbour is max(floor, 0), the upper min(ceil, in-1), and the weights are the fractional
// parts measured from the lower neighbour (float arithmetic exactly as TFLite's reference).
// Integer dtypes (INT8, UINT8, INT16) use TFLite's 10-bit fixed-point ResizeBilinearInteger.
#include "runtime/kernels/reference/resize_bilinear.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "runtime/kernels/common/quantization.h"

namespace edgepose::kernels::reference {

Result<ResizeParams> PrepareResize(runtime::NodeContext& node, bool align_corners, bool half_pixel_centers) {
  if (node.inputs.size() != 2 || node.outputs.size() != 1 || !node.inputs[0] || !node.inputs[1])
    return node.Fail("expected 2 inputs and 1 output");
  const Tensor& input = *node.inputs[kResizeInput];
  const Tensor& size = *node.inputs[kResizeSize];
  Tensor& output = *node.outputs[0];
  if (input.rank() != 4) return node.Fail("input \"" + input.name + "\" has " + std::to_string(input.rank()) + " dims, expected 4");
  if (size.type != DType::kInt32 || size.num_elements() != 2 || size.rank() != 1)
    return node.Fail("size \"" + size.name + "\" must be an INT32 tensor of shape [2]");
  if (!size.is_constant) return node.Fail("size \"" + size.name + "\" must be constant");
  if (input.type != output.type)
    return node.Fail(std::string("input dtype ") + DTypeName(input.type) + " differs from output " + DTypeName(output.type));
  int32_t qmin = 0, qmax = 0;
  if (QuantizedTypeRange(input.type, &qmin, &qmax)) {
    if (input.quant.scale != output.quant.scale || ZeroPoint(input) != ZeroPoint(output))
      return node.Fail("quantized input \"" + input.name + "\" and output \"" + output.name + "\" need equal quantization");
  } else if (input.type != DType::kFloat32) {
    return node.Fail(std::string("dtype ") + DTypeName(input.type) + " is not supported");
  }
  ResizeParams params;
  params.align_corners = align_corners;
  params.half_pixel_centers = half_pixel_centers;
  params.out_h = size.data_as<int32_t>()[0];
  params.out_w = size.data_as<int32_t>()[1];
  if (params.out_h < 1 || params.out_w < 1 || input.dim(1) < 1 || input.dim(2) < 1)
    return node.Fail("cannot resize " + ShapeToString(input.shape) + " to " + std::to_string(params.out_h) + "x" +
                     std::to_string(params.out_w));
  output.shape = {input.dim(0), params.out_h, params.out_w, input.dim(3)};
  return params;
}

Result<ResizeBilinearParams> PrepareResizeBilinear(runtime::NodeContext& node) {
  tfl::ResizeBilinearOptionsT defaults;
  const auto* options = node.ir->builtin_options.AsResizeBilinearOptions();
  if (!options) options = &defaults;
  if (options->align_corners && options->half_pixel_centers)
    return node.Fail("align_corners and half_pixel_centers cannot both be true");
  return PrepareResize(node, options->align_corners, options->half_pixel_centers);
}

namespace {

float Scale(int in, int out, bool align_corners) {
  if (align_corners && out > 1) return static_cast<float>(in - 1) / static_cast<float>(out - 1);
  return static_cast<float>(in) / static_cast<float>(out);
}

// Float source coordinate and its two neighbours (ComputeInterpolationValues).
struct Sample {
  float coord;
  int lower, upper;
};
Sample FloatSample(int index, float scale, bool half_pixel_centers, int in_size) {
  Sample s;
  s.coord = half_pixel_centers ? (static_cast<float>(index) + 0.5f) * scale - 0.5f : static_cast<float>(index) * scale;
  s.lower = std::max(static_cast<int>(std::floor(s.coord)), 0);
  s.upper = std::min(static_cast<int>(std::ceil(s.coord)), in_size - 1);
  return s;
}

// Fixed-point (10 fractional bits) scale and coordinate (ComputeInterpolationValuesInteger).
int32_t Scale10(int in, int out, bool align_corners) {
  if (align_corners && out > 1) return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  return ((1 << 10) * in + out / 2) / out;
}
struct Sample10 {
  int32_t coord;
  int lower, upper;
};
Sample10 IntegerSample(int index, int32_t scale10, bool half_pixel_centers, int in_size) {
  Sample10 s;
  s.coord = half_pixel_centers ? index * scale10 + scale10 / 2 - (1 << 9) : index * scale10;
  s.lower = std::max(s.coord / (1 << 10), 0);  // truncation toward zero, as TFLite
  s.upper = std::min((s.coord + (1 << 10) - 1) / (1 << 10), in_size - 1);
  return s;
}

void EvalFloat(const runtime::NodeContext& node, const ResizeParams& p) {
  const Tensor& input = *node.inputs[kResizeInput];
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), channels = input.dim(3);
  const float scale_y = Scale(in_h, p.out_h, p.align_corners), scale_x = Scale(in_w, p.out_w, p.align_corners);
  const float* in = input.data_as<float>();
  float* out = node.outputs[0]->data_as<float>();
  auto at = [&](int b, int y, int x) { return in + ((static_cast<int64_t>(b) * in_h + y) * in_w + x) * channels; };
  for (int b = 0; b < batches; ++b)
    for (int y = 0; y < p.out_h; ++y) {
      const Sample sy = FloatSample(y, scale_y, p.half_pixel_centers, in_h);
      const float dy = sy.coord - static_cast<float>(sy.lower);
      for (int x = 0; x < p.out_w; ++x, out += channels) {
        const Sample sx = FloatSample(x, scale_x, p.half_pixel_centers, in_w);
        const float dx = sx.coord - static_cast<float>(sx.lower);
        const float *top_left = at(b, sy.lower, sx.lower), *bottom_left = at(b, sy.upper, sx.lower);
        const float *top_right = at(b, sy.lower, sx.upper), *bottom_right = at(b, sy.upper, sx.upper);
        for (int c = 0; c < channels; ++c)
          out[c] = top_left[c] * (1 - dy) * (1 - dx) + bottom_left[c] * dy * (1 - dx) +
                   top_right[c] * (1 - dy) * dx + bottom_right[c] * dy * dx;
      }
    }
}

template <class T>
void EvalInteger(const runtime::NodeContext& node, const ResizeParams& p) {
  const Tensor& input = *node.inputs[kResizeInput];
  const int batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2), channels = input.dim(3);
  const int32_t scale_y = Scale10(in_h, p.out_h, p.align_corners), scale_x = Scale10(in_w, p.out_w, p.align_corners);
  const T* in = input.data_as<T>();
  T* out = node.outputs[0]->data_as<T>();
  auto at = [&](int b, int y, int x) { return in + ((static_cast<int64_t>(b) * in_h + y) * in_w + x) * channels; };
  constexpr int64_t kOne = 1 << 10;
  for (int b = 0; b < batches; ++b)
    for (int y = 0; y < p.out_h; ++y) {
      const Sample10 sy = IntegerSample(y, scale_y, p.half_pixel_centers, in_h);
      const int64_t dy = sy.coord - kOne * sy.lower;
      for (int x = 0; x < p.out_w; ++x, out += channels) {
        const Sample10 sx = IntegerSample(x, scale_x, p.half_pixel_centers, in_w);
        const int64_t dx = sx.coord - kOne * sx.lower;
        const T *top_left = at(b, sy.lower, sx.lower), *bottom_left = at(b, sy.upper, sx.lower);
        const T *top_right = at(b, sy.lower, sx.upper), *bottom_right = at(b, sy.upper, sx.upper);
        for (int c = 0; c < channels; ++c) {
          const int64_t sum20 = top_left[c] * (kOne - dy) * (kOne - dx) + bottom_left[c] * dy * (kOne - dx) +
                                top_right[c] * (kOne - dy) * dx + bottom_right[c] * dy * dx;
          // Round half away from zero on the 20 fractional bits.
          const int64_t rounding = sum20 > 0 ? (1 << 19) : -(1 << 19);
          out[c] = static_cast<T>((sum20 + rounding) / (1 << 20));
        }
      }
    }
}

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(ResizeBilinearParams params, PrepareResizeBilinear(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  const auto& p = state.as<ResizeBilinearParams>();
  switch (node.inputs[kResizeInput]->type) {
    case DType::kFloat32: EvalFloat(node, p); break;
    case DType::kInt8: EvalInteger<int8_t>(node, p); break;
    case DType::kUInt8: EvalInteger<uint8_t>(node, p); break;
    case DType::kInt16: EvalInteger<int16_t>(node, p); break;
    default: return node.Fail("unsupported dtype at Eval");
  }
  return Ok();
}

}  // namespace

const runtime::KernelDef& ResizeBilinearKernel() {
  static const runtime::KernelDef kernel{"reference/RESIZE_BILINEAR", tfl::BuiltinOperator_RESIZE_BILINEAR,
                                         Backend::kReference, nullptr, Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
