// Every XNNPACK call of EdgePose (see xnn_adapter.h). Written against Debian's 2022-02 xnnpack.h.
#include "runtime/kernels/xnnpack/xnn_adapter.h"

#include <xnnpack.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <string>

namespace edgepose::kernels::xnnpack {
namespace {

static_assert(kReadSlackBytes == XNN_EXTRA_BYTES);

const char* StatusName(xnn_status status) {
  switch (status) {
    case xnn_status_success: return "success";
    case xnn_status_uninitialized: return "XNNPACK is not initialized";
    case xnn_status_invalid_parameter: return "invalid parameter";
    case xnn_status_invalid_state: return "invalid state";
    case xnn_status_unsupported_parameter: return "unsupported parameter";
    case xnn_status_unsupported_hardware: return "unsupported hardware";
    case xnn_status_out_of_memory: return "out of memory";
  }
  return "unknown status";
}

Status Check(xnn_status status, const char* function) {
  if (status == xnn_status_success) return Ok();
  return MakeError(std::string(function) + ": " + StatusName(status));
}

pthreadpool_t Pool(void* threadpool) { return static_cast<pthreadpool_t>(threadpool); }

// Runs an xnn_create_* call and wraps its handle; the macro keeps the function name in errors.
#define EP_XNN_CREATE(kind, code, function, ...)                               \
  do {                                                                         \
    EP_RETURN_IF_ERROR(Initialize());                                          \
    xnn_operator_t handle = nullptr;                                           \
    EP_RETURN_IF_ERROR(Check(function(__VA_ARGS__, &handle), #function));      \
    return Operator(handle, kind, static_cast<int>(code));                     \
  } while (0)

#define EP_XNN_CALL(function, ...) Check(function(__VA_ARGS__), #function)

Status WrongKind(const char* setup) { return MakeError(std::string(setup) + ": operator of another kind"); }

int8_t Int8(int32_t value) {
  return static_cast<int8_t>(std::clamp<int32_t>(value, std::numeric_limits<int8_t>::min(),
                                                 std::numeric_limits<int8_t>::max()));
}

uint32_t ResizeFlags(ResizeMode mode) {
  switch (mode) {
    case ResizeMode::kAlignCorners: return XNN_FLAG_ALIGN_CORNERS;
    case ResizeMode::kLegacy: return XNN_FLAG_TENSORFLOW_LEGACY_MODE;
    case ResizeMode::kHalfPixelCenters: return 0;
  }
  return 0;
}

}  // namespace

Status Initialize() {
  static const xnn_status status = xnn_initialize(nullptr);
  return Check(status, "xnn_initialize");
}

Operator& Operator::operator=(Operator&& other) noexcept {
  if (this != &other) {
    if (handle_) xnn_delete_operator(handle_);
    handle_ = other.handle_;
    kind_ = other.kind_;
    code_ = other.code_;
    other.handle_ = nullptr;
  }
  return *this;
}

Operator::~Operator() {
  if (handle_) xnn_delete_operator(handle_);
}

Status Operator::Run(void* threadpool) const {
  if (!handle_) return MakeError("xnn_run_operator: operator was not created");
  return EP_XNN_CALL(xnn_run_operator, handle_, Pool(threadpool));
}

// ---- Convolution ----

Result<Operator> CreateConvF32(const ConvGeometry& g, const float* filter, const float* bias, float output_min,
                               float output_max) {
  const uint32_t flags = g.depthwise_layout ? XNN_FLAG_DEPTHWISE_CONVOLUTION : 0;
  EP_XNN_CREATE(OperatorKind::kConvF32, 0, xnn_create_convolution2d_nhwc_f32, g.pad_top, g.pad_right, g.pad_bottom,
                g.pad_left, g.kernel_h, g.kernel_w, g.stride_h, g.stride_w, g.dilation_h, g.dilation_w, g.groups,
                g.group_input_channels, g.group_output_channels, g.groups * g.group_input_channels,
                g.groups * g.group_output_channels, filter, bias, output_min, output_max, flags);
}

Result<Operator> CreateConvQc8(const ConvGeometry& g, QuantInfo input, const float* filter_scales,
                               const int8_t* filter, const int32_t* bias, QuantInfo output, int8_t output_min,
                               int8_t output_max) {
  const uint32_t flags = g.depthwise_layout ? XNN_FLAG_DEPTHWISE_CONVOLUTION : 0;
  EP_XNN_CREATE(OperatorKind::kConvQc8, 0, xnn_create_convolution2d_nhwc_qc8, g.pad_top, g.pad_right, g.pad_bottom,
                g.pad_left, g.kernel_h, g.kernel_w, g.stride_h, g.stride_w, g.dilation_h, g.dilation_w, g.groups,
                g.group_input_channels, g.group_output_channels, g.groups * g.group_input_channels,
                g.groups * g.group_output_channels, Int8(input.zero_point), input.scale, filter_scales, filter, bias,
                Int8(output.zero_point), output.scale, output_min, output_max, flags);
}

Result<Operator> CreateConvQs8(const ConvGeometry& g, QuantInfo input, float filter_scale, const int8_t* filter,
                               const int32_t* bias, QuantInfo output, int8_t output_min, int8_t output_max) {
  const uint32_t flags = g.depthwise_layout ? XNN_FLAG_DEPTHWISE_CONVOLUTION : 0;
  EP_XNN_CREATE(OperatorKind::kConvQs8, 0, xnn_create_convolution2d_nhwc_qs8, g.pad_top, g.pad_right, g.pad_bottom,
                g.pad_left, g.kernel_h, g.kernel_w, g.stride_h, g.stride_w, g.dilation_h, g.dilation_w, g.groups,
                g.group_input_channels, g.group_output_channels, g.groups * g.group_input_channels,
                g.groups * g.group_output_channels, Int8(input.zero_point), input.scale, filter_scale, filter, bias,
                Int8(output.zero_point), output.scale, output_min, output_max, flags);
}

Status SetupConv(Operator& op, size_t batch, size_t height, size_t width, const void* input, void* output,
                 void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kConvF32:
      return EP_XNN_CALL(xnn_setup_convolution2d_nhwc_f32, op.handle(), batch, height, width,
                         static_cast<const float*>(input), static_cast<float*>(output), Pool(threadpool));
    case OperatorKind::kConvQc8:
      return EP_XNN_CALL(xnn_setup_convolution2d_nhwc_qc8, op.handle(), batch, height, width,
                         static_cast<const int8_t*>(input), static_cast<int8_t*>(output), Pool(threadpool));
    case OperatorKind::kConvQs8:
      return EP_XNN_CALL(xnn_setup_convolution2d_nhwc_qs8, op.handle(), batch, height, width,
                         static_cast<const int8_t*>(input), static_cast<int8_t*>(output), Pool(threadpool));
    default:
      return WrongKind("SetupConv");
  }
}

// ---- Fully connected ----

Result<Operator> CreateFullyConnectedF32(size_t input_channels, size_t output_channels, const float* weights,
                                         const float* bias, float output_min, float output_max) {
  EP_XNN_CREATE(OperatorKind::kFullyConnectedF32, 0, xnn_create_fully_connected_nc_f32, input_channels,
                output_channels, input_channels, output_channels, weights, bias, output_min, output_max, 0u);
}

Result<Operator> CreateFullyConnectedQs8(size_t input_channels, size_t output_channels, QuantInfo input,
                                         float weight_scale, const int8_t* weights, const int32_t* bias,
                                         QuantInfo output, int8_t output_min, int8_t output_max) {
  EP_XNN_CREATE(OperatorKind::kFullyConnectedQs8, 0, xnn_create_fully_connected_nc_qs8, input_channels,
                output_channels, input_channels, output_channels, Int8(input.zero_point), input.scale, weight_scale,
                weights, bias, Int8(output.zero_point), output.scale, output_min, output_max, 0u);
}

Status SetupFullyConnected(Operator& op, size_t batch, const void* input, void* output, void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kFullyConnectedF32:
      return EP_XNN_CALL(xnn_setup_fully_connected_nc_f32, op.handle(), batch, static_cast<const float*>(input),
                         static_cast<float*>(output), Pool(threadpool));
    case OperatorKind::kFullyConnectedQs8:
      return EP_XNN_CALL(xnn_setup_fully_connected_nc_qs8, op.handle(), batch, static_cast<const int8_t*>(input),
                         static_cast<int8_t*>(output), Pool(threadpool));
    default:
      return WrongKind("SetupFullyConnected");
  }
}

// ---- Binary ----

Result<Operator> CreateBinaryF32(BinaryOp op, float output_min, float output_max) {
  const auto kind = OperatorKind::kBinaryF32;
  switch (op) {
    case BinaryOp::kAdd: EP_XNN_CREATE(kind, op, xnn_create_add_nd_f32, output_min, output_max, 0u);
    case BinaryOp::kSubtract: EP_XNN_CREATE(kind, op, xnn_create_subtract_nd_f32, output_min, output_max, 0u);
    case BinaryOp::kMultiply: EP_XNN_CREATE(kind, op, xnn_create_multiply_nd_f32, output_min, output_max, 0u);
    case BinaryOp::kDivide: EP_XNN_CREATE(kind, op, xnn_create_divide_nd_f32, output_min, output_max, 0u);
    case BinaryOp::kMaximum: EP_XNN_CREATE(kind, op, xnn_create_maximum_nd_f32, 0u);
    case BinaryOp::kMinimum: EP_XNN_CREATE(kind, op, xnn_create_minimum_nd_f32, 0u);
    case BinaryOp::kSquaredDifference: EP_XNN_CREATE(kind, op, xnn_create_squared_difference_nd_f32, 0u);
  }
  return MakeError("CreateBinaryF32: unknown operation");
}

bool BinaryQs8Available(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSubtract || op == BinaryOp::kMultiply;
}

Result<Operator> CreateBinaryQs8(BinaryOp op, QuantInfo a, QuantInfo b, QuantInfo out, int8_t output_min,
                                 int8_t output_max) {
  const auto kind = OperatorKind::kBinaryQs8;
  const int8_t za = Int8(a.zero_point), zb = Int8(b.zero_point), zo = Int8(out.zero_point);
  switch (op) {
    case BinaryOp::kAdd:
      EP_XNN_CREATE(kind, op, xnn_create_add_nd_qs8, za, a.scale, zb, b.scale, zo, out.scale, output_min, output_max,
                    0u);
    case BinaryOp::kSubtract:
      EP_XNN_CREATE(kind, op, xnn_create_subtract_nd_qs8, za, a.scale, zb, b.scale, zo, out.scale, output_min,
                    output_max, 0u);
    case BinaryOp::kMultiply:
      EP_XNN_CREATE(kind, op, xnn_create_multiply_nd_qs8, za, a.scale, zb, b.scale, zo, out.scale, output_min,
                    output_max, 0u);
    default:
      return MakeError("CreateBinaryQs8: XNNPACK has no int8 version of this operation");
  }
}

Status SetupBinary(Operator& op, const std::vector<size_t>& a_shape, const std::vector<size_t>& b_shape,
                   const void* a, const void* b, void* output, void* threadpool) {
  const size_t na = a_shape.size(), nb = b_shape.size();
  const size_t* sa = a_shape.data();
  const size_t* sb = b_shape.data();
  auto* pool = Pool(threadpool);
  if (op.kind() == OperatorKind::kBinaryF32) {
    const auto* fa = static_cast<const float*>(a);
    const auto* fb = static_cast<const float*>(b);
    auto* fo = static_cast<float*>(output);
    switch (static_cast<BinaryOp>(op.code())) {
      case BinaryOp::kAdd: return EP_XNN_CALL(xnn_setup_add_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kSubtract:
        return EP_XNN_CALL(xnn_setup_subtract_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kMultiply:
        return EP_XNN_CALL(xnn_setup_multiply_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kDivide:
        return EP_XNN_CALL(xnn_setup_divide_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kMaximum:
        return EP_XNN_CALL(xnn_setup_maximum_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kMinimum:
        return EP_XNN_CALL(xnn_setup_minimum_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
      case BinaryOp::kSquaredDifference:
        return EP_XNN_CALL(xnn_setup_squared_difference_nd_f32, op.handle(), na, sa, nb, sb, fa, fb, fo, pool);
    }
  } else if (op.kind() == OperatorKind::kBinaryQs8) {
    const auto* qa = static_cast<const int8_t*>(a);
    const auto* qb = static_cast<const int8_t*>(b);
    auto* qo = static_cast<int8_t*>(output);
    switch (static_cast<BinaryOp>(op.code())) {
      case BinaryOp::kAdd: return EP_XNN_CALL(xnn_setup_add_nd_qs8, op.handle(), na, sa, nb, sb, qa, qb, qo, pool);
      case BinaryOp::kSubtract:
        return EP_XNN_CALL(xnn_setup_subtract_nd_qs8, op.handle(), na, sa, nb, sb, qa, qb, qo, pool);
      case BinaryOp::kMultiply:
        return EP_XNN_CALL(xnn_setup_multiply_nd_qs8, op.handle(), na, sa, nb, sb, qa, qb, qo, pool);
      default: break;
    }
  }
  return WrongKind("SetupBinary");
}

// ---- Unary ----

bool UnaryF32Available(UnaryOp op) { return op != UnaryOp::kTanh; }

Result<Operator> CreateUnaryF32(UnaryOp op, size_t channels, float param_a, float param_b) {
  const auto kind = OperatorKind::kUnaryF32;
  const size_t c = channels;
  switch (op) {
    case UnaryOp::kClamp: EP_XNN_CREATE(kind, op, xnn_create_clamp_nc_f32, c, c, c, param_a, param_b, 0u);
    case UnaryOp::kHardSwish: EP_XNN_CREATE(kind, op, xnn_create_hardswish_nc_f32, c, c, c, 0u);
    case UnaryOp::kSigmoid: EP_XNN_CREATE(kind, op, xnn_create_sigmoid_nc_f32, c, c, c, 0u);
    case UnaryOp::kLeakyRelu: EP_XNN_CREATE(kind, op, xnn_create_leaky_relu_nc_f32, c, c, c, param_a, 0u);
    case UnaryOp::kSoftmax: EP_XNN_CREATE(kind, op, xnn_create_softmax_nc_f32, c, c, c, 0u);
    case UnaryOp::kTanh: break;
  }
  return MakeError("CreateUnaryF32: XNNPACK 2022 has no float version of this operation");
}

Result<Operator> CreateUnaryQs8(UnaryOp op, size_t channels, QuantInfo in, QuantInfo out) {
  const auto kind = OperatorKind::kUnaryQs8;
  const size_t c = channels;
  const int8_t lo = std::numeric_limits<int8_t>::min(), hi = std::numeric_limits<int8_t>::max();
  switch (op) {
    case UnaryOp::kSigmoid:
      EP_XNN_CREATE(kind, op, xnn_create_sigmoid_nc_qs8, c, c, c, Int8(in.zero_point), in.scale, Int8(out.zero_point),
                    out.scale, lo, hi, 0u);
    case UnaryOp::kTanh:
      EP_XNN_CREATE(kind, op, xnn_create_tanh_nc_qs8, c, c, c, Int8(in.zero_point), in.scale, Int8(out.zero_point),
                    out.scale, lo, hi, 0u);
    default:
      return MakeError("CreateUnaryQs8: XNNPACK has no int8 version of this operation");
  }
}

Result<Operator> CreateClampS8(size_t channels, int8_t output_min, int8_t output_max) {
  EP_XNN_CREATE(OperatorKind::kUnaryS8, UnaryOp::kClamp, xnn_create_clamp_nc_s8, channels, channels, channels,
                output_min, output_max, 0u);
}

Result<Operator> CreatePReluF32(size_t channels, const float* slopes) {
  // Code -1 marks PRELU among the float unary operators.
  EP_XNN_CREATE(OperatorKind::kUnaryF32, -1, xnn_create_prelu_nc_f32, channels, channels, channels, slopes, 0u);
}

Status SetupUnary(Operator& op, size_t batch, const void* input, void* output, void* threadpool) {
  auto* pool = Pool(threadpool);
  if (op.kind() == OperatorKind::kUnaryF32) {
    const auto* in = static_cast<const float*>(input);
    auto* out = static_cast<float*>(output);
    if (op.code() == -1) return EP_XNN_CALL(xnn_setup_prelu_nc_f32, op.handle(), batch, in, out, pool);
    switch (static_cast<UnaryOp>(op.code())) {
      case UnaryOp::kClamp: return EP_XNN_CALL(xnn_setup_clamp_nc_f32, op.handle(), batch, in, out, pool);
      case UnaryOp::kHardSwish: return EP_XNN_CALL(xnn_setup_hardswish_nc_f32, op.handle(), batch, in, out, pool);
      case UnaryOp::kSigmoid: return EP_XNN_CALL(xnn_setup_sigmoid_nc_f32, op.handle(), batch, in, out, pool);
      case UnaryOp::kLeakyRelu: return EP_XNN_CALL(xnn_setup_leaky_relu_nc_f32, op.handle(), batch, in, out, pool);
      case UnaryOp::kSoftmax: return EP_XNN_CALL(xnn_setup_softmax_nc_f32, op.handle(), batch, in, out, pool);
      case UnaryOp::kTanh: break;
    }
  } else if (op.kind() == OperatorKind::kUnaryQs8 || op.kind() == OperatorKind::kUnaryS8) {
    const auto* in = static_cast<const int8_t*>(input);
    auto* out = static_cast<int8_t*>(output);
    if (op.kind() == OperatorKind::kUnaryS8) return EP_XNN_CALL(xnn_setup_clamp_nc_s8, op.handle(), batch, in, out, pool);
    switch (static_cast<UnaryOp>(op.code())) {
      case UnaryOp::kSigmoid: return EP_XNN_CALL(xnn_setup_sigmoid_nc_qs8, op.handle(), batch, in, out, pool);
      case UnaryOp::kTanh: return EP_XNN_CALL(xnn_setup_tanh_nc_qs8, op.handle(), batch, in, out, pool);
      default: break;
    }
  }
  return WrongKind("SetupUnary");
}

// ---- Pooling ----

Result<Operator> CreateMaxPoolF32(const PoolGeometry& g, float output_min, float output_max) {
  EP_XNN_CREATE(OperatorKind::kMaxPoolF32, 0, xnn_create_max_pooling2d_nhwc_f32, g.pad_top, g.pad_right, g.pad_bottom,
                g.pad_left, g.window_h, g.window_w, g.stride_h, g.stride_w, 1u, 1u, g.channels, g.channels,
                g.channels, output_min, output_max, 0u);
}

Result<Operator> CreateMaxPoolS8(const PoolGeometry& g, int8_t output_min, int8_t output_max) {
  EP_XNN_CREATE(OperatorKind::kMaxPoolS8, 0, xnn_create_max_pooling2d_nhwc_s8, g.pad_top, g.pad_right, g.pad_bottom,
                g.pad_left, g.window_h, g.window_w, g.stride_h, g.stride_w, 1u, 1u, g.channels, g.channels,
                g.channels, output_min, output_max, 0u);
}

Result<Operator> CreateAveragePoolF32(const PoolGeometry& g, float output_min, float output_max) {
  EP_XNN_CREATE(OperatorKind::kAveragePoolF32, 0, xnn_create_average_pooling2d_nhwc_f32, g.pad_top, g.pad_right,
                g.pad_bottom, g.pad_left, g.window_h, g.window_w, g.stride_h, g.stride_w, g.channels, g.channels,
                g.channels, output_min, output_max, 0u);
}

Status SetupPool(Operator& op, size_t batch, size_t height, size_t width, const void* input, void* output,
                 void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kMaxPoolF32:
      return EP_XNN_CALL(xnn_setup_max_pooling2d_nhwc_f32, op.handle(), batch, height, width,
                         static_cast<const float*>(input), static_cast<float*>(output), Pool(threadpool));
    case OperatorKind::kMaxPoolS8:
      return EP_XNN_CALL(xnn_setup_max_pooling2d_nhwc_s8, op.handle(), batch, height, width,
                         static_cast<const int8_t*>(input), static_cast<int8_t*>(output), Pool(threadpool));
    case OperatorKind::kAveragePoolF32:
      return EP_XNN_CALL(xnn_setup_average_pooling2d_nhwc_f32, op.handle(), batch, height, width,
                         static_cast<const float*>(input), static_cast<float*>(output), Pool(threadpool));
    default:
      return WrongKind("SetupPool");
  }
}

Result<Operator> CreateGlobalAveragePoolF32(size_t channels, float output_min, float output_max) {
  EP_XNN_CREATE(OperatorKind::kGlobalAveragePoolF32, 0, xnn_create_global_average_pooling_nwc_f32, channels, channels,
                channels, output_min, output_max, 0u);
}

Result<Operator> CreateGlobalAveragePoolQs8(size_t channels, QuantInfo in, QuantInfo out, int8_t output_min,
                                            int8_t output_max) {
  EP_XNN_CREATE(OperatorKind::kGlobalAveragePoolQs8, 0, xnn_create_global_average_pooling_nwc_qs8, channels, channels,
                channels, Int8(in.zero_point), in.scale, Int8(out.zero_point), out.scale, output_min, output_max, 0u);
}

Status SetupGlobalAveragePool(Operator& op, size_t batch, size_t width, const void* input, void* output,
                              void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kGlobalAveragePoolF32:
      return EP_XNN_CALL(xnn_setup_global_average_pooling_nwc_f32, op.handle(), batch, width,
                         static_cast<const float*>(input), static_cast<float*>(output), Pool(threadpool));
    case OperatorKind::kGlobalAveragePoolQs8:
      return EP_XNN_CALL(xnn_setup_global_average_pooling_nwc_qs8, op.handle(), batch, width,
                         static_cast<const int8_t*>(input), static_cast<int8_t*>(output), Pool(threadpool));
    default:
      return WrongKind("SetupGlobalAveragePool");
  }
}

// ---- Data movement ----

Result<Operator> CreateConstantPad(size_t element_bytes, const void* padding_value) {
  if (element_bytes == 4)
    EP_XNN_CREATE(OperatorKind::kConstantPadX32, 0, xnn_create_constant_pad_nd_x32, padding_value, 0u);
  if (element_bytes == 1)
    EP_XNN_CREATE(OperatorKind::kConstantPadX8, 0, xnn_create_constant_pad_nd_x8, padding_value, 0u);
  return MakeError("CreateConstantPad: element size " + std::to_string(element_bytes) + " is not 1 or 4");
}

Status SetupConstantPad(Operator& op, const std::vector<size_t>& input_shape, const std::vector<size_t>& before,
                        const std::vector<size_t>& after, const void* input, void* output, void* threadpool) {
  if (before.size() != input_shape.size() || after.size() != input_shape.size())
    return MakeError("SetupConstantPad: padding rank differs from the input rank");
  switch (op.kind()) {
    case OperatorKind::kConstantPadX32:
      return EP_XNN_CALL(xnn_setup_constant_pad_nd_x32, op.handle(), input_shape.size(), input_shape.data(),
                         before.data(), after.data(), input, output, Pool(threadpool));
    case OperatorKind::kConstantPadX8:
      return EP_XNN_CALL(xnn_setup_constant_pad_nd_x8, op.handle(), input_shape.size(), input_shape.data(),
                         before.data(), after.data(), input, output, Pool(threadpool));
    default:
      return WrongKind("SetupConstantPad");
  }
}

Result<Operator> CreateResizeBilinearF32(size_t channels, ResizeMode mode) {
  EP_XNN_CREATE(OperatorKind::kResizeBilinearF32, 0, xnn_create_resize_bilinear2d_nhwc_f32, channels, channels,
                channels, ResizeFlags(mode));
}

Result<Operator> CreateResizeBilinearS8(size_t channels, ResizeMode mode) {
  EP_XNN_CREATE(OperatorKind::kResizeBilinearS8, 0, xnn_create_resize_bilinear2d_nhwc_s8, channels, channels,
                channels, ResizeFlags(mode));
}

Status SetupResizeBilinear(Operator& op, size_t batch, size_t in_h, size_t in_w, size_t out_h, size_t out_w,
                           const void* input, void* output, void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kResizeBilinearF32:
      return EP_XNN_CALL(xnn_setup_resize_bilinear2d_nhwc_f32, op.handle(), batch, in_h, in_w, out_h, out_w,
                         static_cast<const float*>(input), static_cast<float*>(output), Pool(threadpool));
    case OperatorKind::kResizeBilinearS8:
      return EP_XNN_CALL(xnn_setup_resize_bilinear2d_nhwc_s8, op.handle(), batch, in_h, in_w, out_h, out_w,
                         static_cast<const int8_t*>(input), static_cast<int8_t*>(output), Pool(threadpool));
    default:
      return WrongKind("SetupResizeBilinear");
  }
}

Result<Operator> CreateDepthToSpaceX32(size_t output_channels, uint32_t block_size) {
  const size_t input_channels = output_channels * block_size * block_size;
  EP_XNN_CREATE(OperatorKind::kDepthToSpaceX32, 0, xnn_create_depth_to_space_nhwc_x32, output_channels,
                input_channels, output_channels, block_size, 0u);
}

Status SetupDepthToSpace(Operator& op, size_t batch, size_t in_h, size_t in_w, const void* input, void* output,
                         void* threadpool) {
  if (op.kind() != OperatorKind::kDepthToSpaceX32) return WrongKind("SetupDepthToSpace");
  return EP_XNN_CALL(xnn_setup_depth_to_space_nhwc_x32, op.handle(), batch, in_h, in_w, input, output,
                     Pool(threadpool));
}

Result<Operator> CreateCopy(size_t element_bytes, size_t channels, size_t input_stride, size_t output_stride) {
  switch (element_bytes) {
    case 1: EP_XNN_CREATE(OperatorKind::kCopyX8, 0, xnn_create_copy_nc_x8, channels, input_stride, output_stride, 0u);
    case 2: EP_XNN_CREATE(OperatorKind::kCopyX16, 0, xnn_create_copy_nc_x16, channels, input_stride, output_stride, 0u);
    case 4: EP_XNN_CREATE(OperatorKind::kCopyX32, 0, xnn_create_copy_nc_x32, channels, input_stride, output_stride, 0u);
    default: return MakeError("CreateCopy: element size " + std::to_string(element_bytes) + " is not 1, 2 or 4");
  }
}

Status SetupCopy(Operator& op, size_t batch, const void* input, void* output, void* threadpool) {
  switch (op.kind()) {
    case OperatorKind::kCopyX8:
      return EP_XNN_CALL(xnn_setup_copy_nc_x8, op.handle(), batch, input, output, Pool(threadpool));
    case OperatorKind::kCopyX16:
      return EP_XNN_CALL(xnn_setup_copy_nc_x16, op.handle(), batch, input, output, Pool(threadpool));
    case OperatorKind::kCopyX32:
      return EP_XNN_CALL(xnn_setup_copy_nc_x32, op.handle(), batch, input, output, Pool(threadpool));
    default:
      return WrongKind("SetupCopy");
  }
}

Result<Operator> CreateConvert(ConvertOp op, size_t channels, QuantInfo quant) {
  const size_t c = channels;
  switch (op) {
    case ConvertOp::kFloatToInt8:
      EP_XNN_CREATE(OperatorKind::kConvertF32ToQs8, 0, xnn_create_convert_nc_f32_qs8, c, c, c, quant.scale,
                    Int8(quant.zero_point), std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max(), 0u);
    case ConvertOp::kFloatToUInt8:
      EP_XNN_CREATE(OperatorKind::kConvertF32ToQu8, 0, xnn_create_convert_nc_f32_qu8, c, c, c, quant.scale,
                    static_cast<uint8_t>(std::clamp<int32_t>(quant.zero_point, 0, 255)), uint8_t{0}, uint8_t{255}, 0u);
    case ConvertOp::kInt8ToFloat:
      EP_XNN_CREATE(OperatorKind::kConvertQs8ToF32, 0, xnn_create_convert_nc_qs8_f32, c, c, c, quant.scale,
                    Int8(quant.zero_point), 0u);
    case ConvertOp::kUInt8ToFloat:
      EP_XNN_CREATE(OperatorKind::kConvertQu8ToF32, 0, xnn_create_convert_nc_qu8_f32, c, c, c, quant.scale,
                    static_cast<uint8_t>(std::clamp<int32_t>(quant.zero_point, 0, 255)), 0u);
  }
  return MakeError("CreateConvert: unknown conversion");
}

Status SetupConvert(Operator& op, size_t batch, const void* input, void* output, void* threadpool) {
  auto* pool = Pool(threadpool);
  switch (op.kind()) {
    case OperatorKind::kConvertF32ToQs8:
      return EP_XNN_CALL(xnn_setup_convert_nc_f32_qs8, op.handle(), batch, static_cast<const float*>(input),
                         static_cast<int8_t*>(output), pool);
    case OperatorKind::kConvertF32ToQu8:
      return EP_XNN_CALL(xnn_setup_convert_nc_f32_qu8, op.handle(), batch, static_cast<const float*>(input),
                         static_cast<uint8_t*>(output), pool);
    case OperatorKind::kConvertQs8ToF32:
      return EP_XNN_CALL(xnn_setup_convert_nc_qs8_f32, op.handle(), batch, static_cast<const int8_t*>(input),
                         static_cast<float*>(output), pool);
    case OperatorKind::kConvertQu8ToF32:
      return EP_XNN_CALL(xnn_setup_convert_nc_qu8_f32, op.handle(), batch, static_cast<const uint8_t*>(input),
                         static_cast<float*>(output), pool);
    default:
      return WrongKind("SetupConvert");
  }
}

}  // namespace edgepose::kernels::xnnpack
