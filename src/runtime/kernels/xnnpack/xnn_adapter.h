// The one narrow door to XNNPACK (Debian's 2022-02 snapshot: create -> setup(pointers) -> run).
// Every XNNPACK call in EdgePose goes through this file, so an API change between releases
// (newer XNNPACK splits setup into reshape + setup) touches only xnn_adapter.cc.
//
// Usage by a kernel: Create*() in prepare (packs constant weights, once), Setup*() in bind (shapes
// and final data pointers), Run() in eval. XNNPACK types never appear outside xnn_adapter.cc.
// Errors read "<xnnpack function>: <status>", e.g. "xnn_create_convolution2d_nhwc_qc8: unsupported
// parameter"; kernels prefix the node.
//
// XNNPACK may read (never write) up to kReadSlackBytes past the end of an input array.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgepose/status.h"

struct xnn_operator;

namespace edgepose::kernels::xnnpack {

inline constexpr size_t kReadSlackBytes = 16;  // XNN_EXTRA_BYTES

// xnn_initialize, once per process (thread-safe). Fails on hardware XNNPACK does not support.
Status Initialize();

// Which XNNPACK operator a handle is; Setup* dispatches on it.
enum class OperatorKind {
  kConvF32, kConvQc8, kConvQs8,
  kFullyConnectedF32, kFullyConnectedQs8,
  kBinaryF32, kBinaryQs8,
  kUnaryF32, kUnaryQs8, kUnaryS8,
  kMaxPoolF32, kMaxPoolS8, kAveragePoolF32,
  kGlobalAveragePoolF32, kGlobalAveragePoolQs8,
  kConstantPadX32, kConstantPadX8,
  kResizeBilinearF32, kResizeBilinearS8,
  kDepthToSpaceX32,
  kCopyX8, kCopyX16, kCopyX32,
  kConvertF32ToQs8, kConvertF32ToQu8, kConvertQs8ToF32, kConvertQu8ToF32,
};

// Owns one xnn_operator_t (deleted on destruction); move-only.
class Operator {
 public:
  Operator() = default;
  Operator(xnn_operator* handle, OperatorKind kind, int code) : handle_(handle), kind_(kind), code_(code) {}
  Operator(Operator&& other) noexcept { *this = std::move(other); }
  Operator& operator=(Operator&& other) noexcept;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;
  ~Operator();

  bool valid() const { return handle_ != nullptr; }
  xnn_operator* handle() const { return handle_; }
  OperatorKind kind() const { return kind_; }
  int code() const { return code_; }  // which binary / unary function, for Setup

  // xnn_run_operator; `threadpool` is the pthreadpool_t from NodeContext (nullptr = caller thread).
  Status Run(void* threadpool) const;

 private:
  xnn_operator* handle_ = nullptr;
  OperatorKind kind_ = OperatorKind::kConvF32;
  int code_ = 0;
};

// Affine quantization of one tensor as XNNPACK takes it.
struct QuantInfo {
  int32_t zero_point = 0;
  float scale = 1.f;
};

// ---- Convolution (regular, grouped, depthwise) ----
struct ConvGeometry {
  uint32_t pad_top = 0, pad_right = 0, pad_bottom = 0, pad_left = 0;
  uint32_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  uint32_t groups = 1;
  size_t group_input_channels = 1, group_output_channels = 1;
  // Filter layout [KH,KW,groups,group_output_channels] (TFLite's depthwise [1,KH,KW,C*M]) instead
  // of [groups*group_output_channels,KH,KW,group_input_channels] (TFLite's OHWI).
  bool depthwise_layout = false;
};
Result<Operator> CreateConvF32(const ConvGeometry& geometry, const float* filter, const float* bias,
                               float output_min, float output_max);
// Per-channel int8 filter (one scale per output channel, zero point 0).
Result<Operator> CreateConvQc8(const ConvGeometry& geometry, QuantInfo input, const float* filter_scales,
                               const int8_t* filter, const int32_t* bias, QuantInfo output, int8_t output_min,
                               int8_t output_max);
// Per-tensor int8 filter (zero point 0).
Result<Operator> CreateConvQs8(const ConvGeometry& geometry, QuantInfo input, float filter_scale,
                               const int8_t* filter, const int32_t* bias, QuantInfo output, int8_t output_min,
                               int8_t output_max);
Status SetupConv(Operator& op, size_t batch, size_t height, size_t width, const void* input, void* output,
                 void* threadpool);

// ---- Fully connected: weights [output_channels, input_channels] ----
Result<Operator> CreateFullyConnectedF32(size_t input_channels, size_t output_channels, const float* weights,
                                         const float* bias, float output_min, float output_max);
Result<Operator> CreateFullyConnectedQs8(size_t input_channels, size_t output_channels, QuantInfo input,
                                         float weight_scale, const int8_t* weights, const int32_t* bias,
                                         QuantInfo output, int8_t output_min, int8_t output_max);
Status SetupFullyConnected(Operator& op, size_t batch, const void* input, void* output, void* threadpool);

// ---- Binary elementwise with NumPy broadcasting (rank <= kMaxBinaryRank) ----
inline constexpr size_t kMaxBinaryRank = 4;
enum class BinaryOp { kAdd, kSubtract, kMultiply, kDivide, kMaximum, kMinimum, kSquaredDifference };
Result<Operator> CreateBinaryF32(BinaryOp op, float output_min, float output_max);
// kAdd, kSubtract and kMultiply only.
Result<Operator> CreateBinaryQs8(BinaryOp op, QuantInfo a, QuantInfo b, QuantInfo output, int8_t output_min,
                                 int8_t output_max);
bool BinaryQs8Available(BinaryOp op);
Status SetupBinary(Operator& op, const std::vector<size_t>& a_shape, const std::vector<size_t>& b_shape,
                   const void* a, const void* b, void* output, void* threadpool);

// ---- Unary elementwise over [batch, channels] rows ----
enum class UnaryOp { kClamp, kHardSwish, kSigmoid, kLeakyRelu, kTanh, kSoftmax };
// kClamp uses [param_a, param_b]; kLeakyRelu uses param_a as the negative slope.
Result<Operator> CreateUnaryF32(UnaryOp op, size_t channels, float param_a = 0.f, float param_b = 0.f);
bool UnaryF32Available(UnaryOp op);
// kSigmoid and kTanh (table-free XNNPACK kernels; requantized output).
Result<Operator> CreateUnaryQs8(UnaryOp op, size_t channels, QuantInfo input, QuantInfo output);
Result<Operator> CreateClampS8(size_t channels, int8_t output_min, int8_t output_max);
// PRELU with one slope per channel (broadcast over the leading dims).
Result<Operator> CreatePReluF32(size_t channels, const float* slopes);
Status SetupUnary(Operator& op, size_t batch, const void* input, void* output, void* threadpool);

// ---- 2D pooling, NHWC ----
struct PoolGeometry {
  uint32_t pad_top = 0, pad_right = 0, pad_bottom = 0, pad_left = 0;
  uint32_t window_h = 1, window_w = 1, stride_h = 1, stride_w = 1;
  size_t channels = 1;
};
Result<Operator> CreateMaxPoolF32(const PoolGeometry& geometry, float output_min, float output_max);
Result<Operator> CreateMaxPoolS8(const PoolGeometry& geometry, int8_t output_min, int8_t output_max);
// Padded positions are excluded from the divisor (as TFLite's AVERAGE_POOL_2D).
Result<Operator> CreateAveragePoolF32(const PoolGeometry& geometry, float output_min, float output_max);
Status SetupPool(Operator& op, size_t batch, size_t height, size_t width, const void* input, void* output,
                 void* threadpool);

// Mean over the `width` rows of each [width, channels] batch item (MEAN over H,W).
Result<Operator> CreateGlobalAveragePoolF32(size_t channels, float output_min, float output_max);
Result<Operator> CreateGlobalAveragePoolQs8(size_t channels, QuantInfo input, QuantInfo output, int8_t output_min,
                                            int8_t output_max);
Status SetupGlobalAveragePool(Operator& op, size_t batch, size_t width, const void* input, void* output,
                              void* threadpool);

// ---- Data movement ----
// element_bytes 4 (float32/int32) or 1 (int8/uint8); `padding_value` points at one element.
Result<Operator> CreateConstantPad(size_t element_bytes, const void* padding_value);
Status SetupConstantPad(Operator& op, const std::vector<size_t>& input_shape, const std::vector<size_t>& before,
                        const std::vector<size_t>& after, const void* input, void* output, void* threadpool);

enum class ResizeMode { kHalfPixelCenters, kAlignCorners, kLegacy };
Result<Operator> CreateResizeBilinearF32(size_t channels, ResizeMode mode);
Result<Operator> CreateResizeBilinearS8(size_t channels, ResizeMode mode);
Status SetupResizeBilinear(Operator& op, size_t batch, size_t in_h, size_t in_w, size_t out_h, size_t out_w,
                           const void* input, void* output, void* threadpool);

// DEPTH_TO_SPACE (DCR order as TFLite) on 32-bit elements.
Result<Operator> CreateDepthToSpaceX32(size_t output_channels, uint32_t block_size);
Status SetupDepthToSpace(Operator& op, size_t batch, size_t in_h, size_t in_w, const void* input, void* output,
                         void* threadpool);

// Strided row copy: `batch` rows of `channels` elements (element_bytes 1, 2 or 4) from rows
// `input_stride` apart to rows `output_stride` apart (CONCATENATION writes each input this way).
Result<Operator> CreateCopy(size_t element_bytes, size_t channels, size_t input_stride, size_t output_stride);
Status SetupCopy(Operator& op, size_t batch, const void* input, void* output, void* threadpool);

// ---- Conversions between float32 and per-tensor 8-bit (QUANTIZE / DEQUANTIZE) ----
enum class ConvertOp { kFloatToInt8, kFloatToUInt8, kInt8ToFloat, kUInt8ToFloat };
// `quant` is the 8-bit side's quantization; a flat [1, elements] view.
Result<Operator> CreateConvert(ConvertOp op, size_t channels, QuantInfo quant);
Status SetupConvert(Operator& op, size_t batch, const void* input, void* output, void* threadpool);

}  // namespace edgepose::kernels::xnnpack
