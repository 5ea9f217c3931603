// XNNPACK CONV_2D and DEPTHWISE_CONV_2D against the reference kernels on random shapes: odd sizes,
// SAME/VALID, strides, dilations, groups, depth multipliers, every fused activation, with and
// without bias; float32, int8 per-channel (qc8) and per-tensor (qs8); 1 and 2 threads.
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

#ifdef EDGEPOSE_WITH_XNNPACK  // the narrow path is part of the XNNPACK backend's sources
#include "runtime/kernels/xnnpack/float_pointwise.h"
#include "runtime/kernels/xnnpack/planar_depthwise.h"
#include "runtime/kernels/xnnpack/narrow_conv.h"
#endif

namespace edgepose::testing {
namespace {

constexpr tfl::ActivationFunctionType kActivations[] = {
    tfl::ActivationFunctionType_NONE, tfl::ActivationFunctionType_RELU, tfl::ActivationFunctionType_RELU6,
    tfl::ActivationFunctionType_RELU_N1_TO_1};

enum class Quant { kFloat, kPerChannel, kPerTensor, kInt16 };

struct ConvCase {
  bool depthwise = false;
  int batch = 1, h = 1, w = 1, in_c = 1, out_c = 1, kh = 1, kw = 1;
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int groups = 1;  // CONV_2D only
  bool same = true, bias = true;
  tfl::ActivationFunctionType activation = tfl::ActivationFunctionType_NONE;
  Quant quant = Quant::kFloat;
  bool extreme_weights = false;  // int16: every filter value +-127 (sign by output channel)

  std::string Describe() const {
    return std::string(depthwise ? "dw" : "conv") + " in [" + std::to_string(batch) + "," + std::to_string(h) + "," +
           std::to_string(w) + "," + std::to_string(in_c) + "] out_c " + std::to_string(out_c) + " k " +
           std::to_string(kh) + "x" + std::to_string(kw) + " s " + std::to_string(stride_h) + "," +
           std::to_string(stride_w) + " d " + std::to_string(dilation_h) + "," + std::to_string(dilation_w) +
           " g " + std::to_string(groups) + (same ? " SAME" : " VALID") + (bias ? " bias" : "") + " act " +
           tfl::EnumNameActivationFunctionType(activation) + " quant " + std::to_string(static_cast<int>(quant));
  }
};

Result<Model> BuildConv(const ConvCase& c, std::mt19937& rng) {
  OneOpModel model(c.depthwise ? tfl::BuiltinOperator_DEPTHWISE_CONV_2D : tfl::BuiltinOperator_CONV_2D,
                   c.quant == Quant::kFloat ? 1 : 3);
  const Shape filter_shape = c.depthwise ? Shape{1, c.kh, c.kw, c.out_c} : Shape{c.out_c, c.kh, c.kw, c.in_c / c.groups};
  const int64_t filter_count = NumElements(filter_shape);
  const int taps = c.kh * c.kw * (c.depthwise ? 1 : c.in_c / c.groups);
  if (c.quant == Quant::kFloat) {
    model.AddInput(DType::kFloat32, {c.batch, c.h, c.w, c.in_c});
    std::normal_distribution<float> dist(0.f, 1.f / std::sqrt(static_cast<float>(taps)));
    std::vector<float> filter(static_cast<size_t>(filter_count)), bias(static_cast<size_t>(c.out_c));
    for (float& v : filter) v = dist(rng);
    for (float& v : bias) v = dist(rng);
    model.AddConstant(DType::kFloat32, filter_shape, filter);
    if (c.bias) model.AddConstant(DType::kFloat32, {c.out_c}, bias); else model.SkipInput();
    model.AddOutput(DType::kFloat32);
  } else if (c.quant == Quant::kInt16) {
    // 16x8: int16 activations with zero point 0, int8 per-channel weights, int64 bias.
    const float in_scale = 0.0005f;
    model.AddInput(DType::kInt16, {c.batch, c.h, c.w, c.in_c}, QuantParams{{in_scale}, {0}, 0});
    std::vector<float> filter_scales(static_cast<size_t>(c.out_c));
    std::uniform_real_distribution<float> scale_dist(0.002f, 0.01f);
    for (float& s : filter_scales) s = scale_dist(rng);
    std::vector<int8_t> filter(static_cast<size_t>(filter_count));
    std::uniform_int_distribution<int> q(-127, 127);
    for (int8_t& v : filter) v = static_cast<int8_t>(q(rng));
    if (c.extreme_weights)
      for (int64_t i = 0; i < filter_count; ++i)
        filter[static_cast<size_t>(i)] = (i / (filter_count / c.out_c)) % 2 ? -127 : 127;
    model.AddConstant(DType::kInt8, filter_shape, filter,
                      QuantParams{filter_scales, std::vector<int64_t>(filter_scales.size(), 0), c.depthwise ? 3 : 0});
    std::vector<int64_t> bias(static_cast<size_t>(c.out_c));
    std::uniform_int_distribution<int64_t> b(-(int64_t{1} << 33), int64_t{1} << 33);
    for (int64_t& v : bias) v = b(rng);
    std::vector<float> bias_scales;
    for (float s : filter_scales) bias_scales.push_back(s * in_scale);
    if (c.bias)
      model.AddConstant(DType::kInt64, {c.out_c}, bias, QuantParams{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
    else
      model.SkipInput();
    // Full-range int16 inputs over many taps: accumulators well past 2^31, outputs spread over the int16 range.
    const float out_scale = in_scale * 0.006f * 16384.f * std::sqrt(static_cast<float>(taps)) / 4000.f;
    model.AddOutput(DType::kInt16, {}, QuantParams{{out_scale}, {0}, 0});
  } else {
    const float in_scale = 0.02f;
    const int64_t in_zero = std::uniform_int_distribution<int>(-20, 20)(rng);
    model.AddInput(DType::kInt8, {c.batch, c.h, c.w, c.in_c}, QuantParams{{in_scale}, {in_zero}, 0});
    const int scales = c.quant == Quant::kPerChannel ? c.out_c : 1;
    std::vector<float> filter_scales(static_cast<size_t>(scales));
    std::uniform_real_distribution<float> scale_dist(0.002f, 0.01f);
    for (float& s : filter_scales) s = scale_dist(rng);
    QuantParams filter_quant{filter_scales, std::vector<int64_t>(filter_scales.size(), 0), c.depthwise ? 3 : 0};
    std::vector<int8_t> filter(static_cast<size_t>(filter_count));
    std::uniform_int_distribution<int> q(-127, 127);
    for (int8_t& v : filter) v = static_cast<int8_t>(q(rng));
    model.AddConstant(DType::kInt8, filter_shape, filter, filter_quant);
    std::vector<int32_t> bias(static_cast<size_t>(c.out_c));
    std::uniform_int_distribution<int32_t> b(-3000, 3000);
    for (int32_t& v : bias) v = b(rng);
    std::vector<float> bias_scales;
    for (float s : filter_scales) bias_scales.push_back(s * in_scale);
    if (c.bias)
      model.AddConstant(DType::kInt32, {c.out_c}, bias,
                        QuantParams{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
    else
      model.SkipInput();
    // Output scale from the expected accumulator spread so values use the int8 range without saturating.
    const float out_scale = in_scale * 0.006f * 60.f * std::sqrt(static_cast<float>(taps)) / 8.f;
    model.AddOutput(DType::kInt8, {}, QuantParams{{out_scale}, {std::uniform_int_distribution<int>(-10, 10)(rng)}, 0});
  }
  if (c.depthwise) {
    tfl::DepthwiseConv2DOptionsT options;
    options.padding = c.same ? tfl::Padding_SAME : tfl::Padding_VALID;
    options.stride_h = c.stride_h, options.stride_w = c.stride_w;
    options.dilation_h_factor = c.dilation_h, options.dilation_w_factor = c.dilation_w;
    options.depth_multiplier = c.out_c / c.in_c;
    options.fused_activation_function = c.activation;
    model.options().Set(std::move(options));
  } else {
    tfl::Conv2DOptionsT options;
    options.padding = c.same ? tfl::Padding_SAME : tfl::Padding_VALID;
    options.stride_h = c.stride_h, options.stride_w = c.stride_w;
    options.dilation_h_factor = c.dilation_h, options.dilation_w_factor = c.dilation_w;
    options.fused_activation_function = c.activation;
    model.options().Set(std::move(options));
  }
  return model.Build();
}

ConvCase RandomCase(std::mt19937& rng, bool depthwise, Quant quant) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  ConvCase c;
  c.depthwise = depthwise;
  c.quant = quant;
  c.batch = pick(1, 2);
  c.kh = pick(1, 5), c.kw = pick(1, 5);
  c.stride_h = pick(1, 3), c.stride_w = pick(1, 3);
  c.dilation_h = pick(1, 2), c.dilation_w = pick(1, 2);
  c.h = pick(1, 17), c.w = pick(1, 17);
  c.same = pick(0, 1) == 1;
  if (!c.same) {  // VALID needs the dilated window to fit
    c.h = std::max(c.h, (c.kh - 1) * c.dilation_h + 1);
    c.w = std::max(c.w, (c.kw - 1) * c.dilation_w + 1);
  }
  c.bias = pick(0, 3) != 0;
  c.activation = kActivations[pick(0, 3)];
  if (depthwise) {
    c.in_c = pick(1, 19);
    c.out_c = c.in_c * pick(1, 3);
  } else {
    c.groups = pick(0, 3) == 0 ? pick(2, 3) : 1;
    c.in_c = c.groups * pick(1, 9);
    c.out_c = c.groups * pick(1, 9);
  }
  return c;
}

void RunRandomCases(bool depthwise, Quant quant, int count, uint32_t seed) {
  std::mt19937 rng(seed);
  const std::string kernel = depthwise ? "xnnpack/DEPTHWISE_CONV_2D" : "xnnpack/CONV_2D";
  for (int i = 0; i < count; ++i) {
    const ConvCase c = RandomCase(rng, depthwise, quant);
    auto model = BuildConv(c, rng);
    ASSERT_TRUE(model) << c.Describe() << ": " << model.error().message;
    ExpectParity(*model, kernel, c.Describe(), /*threads=*/1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;  // one clear failure, not hundreds
  }
}

TEST(XnnpackConv2DTest, FloatMatchesReferenceOnRandomShapes) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(false, Quant::kFloat, 120, 11);
}

TEST(XnnpackConv2DTest, Int8PerChannelWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(false, Quant::kPerChannel, 80, 23);
}

TEST(XnnpackConv2DTest, Int8PerTensorWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(false, Quant::kPerTensor, 60, 37);
}

// 16x8 on the own kernel (int16_conv.h), byte-for-byte with the reference kernel. Groups and depth
// multipliers other than 1 stay on the reference kernel, so the random cases here have neither.
void RunInt16Cases(bool depthwise, int count, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < count; ++i) {
    ConvCase c = RandomCase(rng, depthwise, Quant::kInt16);
    c.groups = 1;
    c.out_c = depthwise ? c.in_c : c.out_c * 3;
    if (i % 4 == 0 && !depthwise) c.in_c = 300;  // 3x3 x 300 taps: the int32 partial sums flush mid-pixel
    auto model = BuildConv(c, rng);
    ASSERT_TRUE(model) << c.Describe() << ": " << model.error().message;
    ExpectParity(*model, depthwise ? "xnnpack/DEPTHWISE_CONV_2D (own 16x8)" : "xnnpack/CONV_2D (own 16x8)",
                 c.Describe(), /*threads=*/1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackConv2DTest, Int16x8MatchesReferenceExactly) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunInt16Cases(false, 60, 83);
}

// Accumulators far past int32: every input 32767 and every weight +-127 over 3x3x300 taps sum to
// +-1.0e10, so int32 partial sums that never moved to int64 would wrap.
TEST(XnnpackConv2DTest, Int16x8AccumulatorsBeyondInt32MatchReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(97);
  ConvCase c;
  c.quant = Quant::kInt16, c.extreme_weights = true;
  c.h = 5, c.w = 5, c.in_c = 300, c.out_c = 4, c.kh = c.kw = 3;
  auto model = BuildConv(c, rng);
  ASSERT_TRUE(model) << model.error().message;
  std::vector<std::vector<uint8_t>> outputs;
  for (Backend backend : {Backend::kReference, Backend::kXnnpack}) {
    InterpreterOptions options;
    options.backend = backend;
    auto interpreter = Interpreter::Create(*model, options);
    ASSERT_TRUE(interpreter) << interpreter.error().message;
    Tensor& input = (*interpreter)->input(0);
    std::fill(input.data_as<int16_t>(), input.data_as<int16_t>() + input.num_elements(), int16_t{32767});
    ASSERT_TRUE((*interpreter)->Invoke());
    const Tensor& out = (*interpreter)->output(0);
    outputs.emplace_back(out.data, out.data + out.bytes);
    if (backend == Backend::kXnnpack) EXPECT_EQ((*interpreter)->profile()[0].kernel, "xnnpack/CONV_2D (own 16x8)");
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

TEST(XnnpackDepthwiseConv2DTest, Int16x8MatchesReferenceExactly) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunInt16Cases(true, 60, 89);
}

TEST(XnnpackDepthwiseConv2DTest, FloatMatchesReferenceOnRandomShapes) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(true, Quant::kFloat, 120, 41);
}

TEST(XnnpackDepthwiseConv2DTest, Int8PerChannelWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(true, Quant::kPerChannel, 80, 53);
}

TEST(XnnpackDepthwiseConv2DTest, Int8PerTensorWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunRandomCases(true, Quant::kPerTensor, 60, 67);
}

#ifdef EDGEPOSE_WITH_XNNPACK
// Float 1x1 convolutions on the own AVX-512 GEMM (float_pointwise.h): pixel counts around the 8-row
// micro-kernel and 64-row tiles, output channels that leave the last 32-lane block part empty, batch 2,
// every activation, 1 and 2 threads.
TEST(XnnpackConv2DTest, FloatPointwiseGemmMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(101);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int outputs[] = {32, 64, 65, 96, 150, 200};
  for (int i = 0; i < 36; ++i) {
    ConvCase c;
    c.batch = pick(1, 2);
    c.h = pick(1, 12), c.w = pick(1, 13);
    c.in_c = pick(32, 300), c.out_c = outputs[i % 6];
    c.same = pick(0, 1) == 1;
    c.bias = pick(0, 3) != 0;
    c.activation = kActivations[pick(0, 3)];
    kernels::xnnpack::FloatPointwiseShape shape{c.batch * c.h * c.w, c.in_c, c.out_c};
    const bool own = kernels::xnnpack::FloatPointwiseApplies(shape);
    EXPECT_EQ(own, kernels::xnnpack::FloatPointwiseAvailable()) << c.Describe();
    auto model = BuildConv(c, rng);
    ASSERT_TRUE(model) << c.Describe() << ": " << model.error().message;
    ExpectParity(*model, own ? "xnnpack/CONV_2D (own float 1x1)" : "xnnpack/CONV_2D", c.Describe(), 1 + i % 2, 700 + i);
    if (::testing::Test::HasFailure()) return;
  }
  // Few input or output channels stay on XNNPACK.
  EXPECT_FALSE(kernels::xnnpack::FloatPointwiseApplies({4096, 16, 64}));
  EXPECT_FALSE(kernels::xnnpack::FloatPointwiseApplies({4096, 64, 48}));
}

// Few channels per pixel (narrow_conv.h): 3x3 depthwise with C <= 24 and 3x3 regular convolutions
// with one or two outputs run as row multiply-adds, not on XNNPACK. Rows wider than one chunk (64
// pixels at C = 8, 21 at C = 24), SAME and VALID, batch 2, every activation, 1 and 2 threads.
TEST(XnnpackConv2DTest, NarrowChannelConvolutionsMatchReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(71);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 60; ++i) {
    ConvCase c;
    c.depthwise = i % 2 == 0;
    c.batch = pick(1, 2);
    c.kh = c.kw = 3;
    c.h = pick(1, 9), c.w = pick(1, 150);
    c.same = pick(0, 1) == 1;
    if (!c.same) c.h = std::max(c.h, c.kh), c.w = std::max(c.w, c.kw);
    c.in_c = c.depthwise ? pick(1, 24) : pick(1, 16);
    c.out_c = c.depthwise ? c.in_c : pick(1, 2);
    c.bias = pick(0, 3) != 0;
    c.activation = kActivations[pick(0, 3)];
    kernels::xnnpack::NarrowConvShape shape;
    shape.batch = c.batch, shape.in_h = c.h, shape.in_w = c.w, shape.channels = c.in_c;
    shape.out_h = c.same ? c.h : c.h - c.kh + 1, shape.out_w = c.same ? c.w : c.w - c.kw + 1;
    shape.out_channels = c.out_c, shape.kernel_h = c.kh, shape.kernel_w = c.kw, shape.depthwise = c.depthwise;
    ASSERT_TRUE(kernels::xnnpack::NarrowConvApplies(shape)) << c.Describe();
    auto model = BuildConv(c, rng);
    ASSERT_TRUE(model) << c.Describe() << ": " << model.error().message;
    ExpectParity(*model, c.depthwise ? "xnnpack/DEPTHWISE_CONV_2D" : "xnnpack/CONV_2D", c.Describe(), 1 + i % 2, 500 + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackConv2DTest, NarrowPathOnlyForStrideOneUngroupedFewChannels) {
  kernels::xnnpack::NarrowConvShape head;  // pose_landmark_full's last segmentation conv, 3x3 8 -> 1
  head.in_h = head.in_w = head.out_h = head.out_w = 256;
  head.channels = 8, head.out_channels = 1, head.kernel_h = head.kernel_w = 3, head.pad_top = head.pad_left = 1;
  EXPECT_TRUE(kernels::xnnpack::NarrowConvApplies(head));
  auto strided = head;
  strided.stride_w = 2;
  EXPECT_FALSE(kernels::xnnpack::NarrowConvApplies(strided));
  auto wide = head;
  wide.out_channels = 16;
  EXPECT_FALSE(kernels::xnnpack::NarrowConvApplies(wide));
  auto large = head;
  large.kernel_h = large.kernel_w = 5;
  EXPECT_FALSE(kernels::xnnpack::NarrowConvApplies(large));
  auto pointwise = head;
  pointwise.kernel_h = pointwise.kernel_w = 1;
  EXPECT_FALSE(kernels::xnnpack::NarrowConvApplies(pointwise));
  auto depthwise = head;
  depthwise.depthwise = true, depthwise.out_channels = 8;
  EXPECT_TRUE(kernels::xnnpack::NarrowConvApplies(depthwise));
  depthwise.channels = depthwise.out_channels = 32;
  EXPECT_FALSE(kernels::xnnpack::NarrowConvApplies(depthwise));
}

// Depthwise cases of multiplier 1, 3x3 / 5x5, stride 1 / 2, for the own kernels (planar_depthwise.h):
// C = 8 (two pixels per vector), 16, 24 and 40 (half a chunk left), 144, odd 13 and 1; SAME (padding
// on every side) and VALID; RELU6 and the others; batch 2; 1 and 2 threads. Case i has type
// quant(i). Each runs through the reference and the fast path and must agree (int8 within one step,
// float within parity_testing.h's tolerance), and the node's profile must name the own kernel (`note`)
// exactly when own(shape, quant) says it takes the node, so a silent fallback fails. Returns how
// many cases the own kernel took.
int RunOwnDepthwiseCases(uint32_t seed, int count, Quant (*quant)(int),
                         bool (*own)(const kernels::xnnpack::PlanarDepthwiseShape&, Quant), const std::string& note) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int channels[] = {8, 16, 24, 144, 13, 1, 40};
  int taken = 0;
  for (int i = 0; i < count; ++i) {
    ConvCase c;
    c.depthwise = true;
    c.quant = quant(i);
    c.batch = pick(1, 2);
    c.kh = c.kw = (i / 2) % 2 == 0 ? 3 : 5;
    c.stride_h = c.stride_w = (i / 4) % 2 + 1;
    c.in_c = c.out_c = channels[i % 7];
    c.h = pick(c.kh + 6, 24), c.w = pick(c.kw + 6, 40);
    c.same = pick(0, 1) == 1;
    c.bias = pick(0, 3) != 0;
    c.activation = i % 3 == 0 ? tfl::ActivationFunctionType_RELU6 : kActivations[pick(0, 3)];
    kernels::xnnpack::PlanarDepthwiseShape shape;  // TFLite's padding: SAME puts the odd pixel after
    shape.batch = c.batch, shape.in_h = c.h, shape.in_w = c.w, shape.channels = c.in_c;
    shape.kernel_h = c.kh, shape.kernel_w = c.kw, shape.stride_h = c.stride_h, shape.stride_w = c.stride_w;
    shape.out_h = c.same ? (c.h + c.stride_h - 1) / c.stride_h : (c.h - c.kh) / c.stride_h + 1;
    shape.out_w = c.same ? (c.w + c.stride_w - 1) / c.stride_w : (c.w - c.kw) / c.stride_w + 1;
    shape.pad_top = c.same ? std::max((shape.out_h - 1) * c.stride_h + c.kh - c.h, 0) / 2 : 0;
    shape.pad_left = c.same ? std::max((shape.out_w - 1) * c.stride_w + c.kw - c.w, 0) / 2 : 0;
    const bool expect_own = own(shape, c.quant);
    taken += expect_own;
    auto model = BuildConv(c, rng);
    EXPECT_TRUE(model) << c.Describe() << ": " << model.error().message;
    if (!model) return taken;
    auto ref = RunOnBackend(*model, Backend::kReference, 1, seed * 10 + i);
    EXPECT_TRUE(ref) << c.Describe() << ": " << ref.error().message;
    auto fast = RunOnBackend(*model, Backend::kXnnpack, 1 + i % 2, seed * 10 + i);
    EXPECT_TRUE(fast) << c.Describe() << ": " << fast.error().message;
    if (!ref || !fast) return taken;
    EXPECT_EQ(fast->kernels.size(), 1u) << c.Describe();
    if (fast->kernels.size() != 1) return taken;
    EXPECT_EQ(fast->kernels[0], expect_own ? "xnnpack/DEPTHWISE_CONV_2D (" + note + ")" : "xnnpack/DEPTHWISE_CONV_2D")
        << c.Describe();
    ExpectSameOutputs(*ref, *fast, c.Describe());
    if (::testing::Test::HasFailure()) return taken;
  }
  return taken;
}

// Int8, per-channel and per-tensor alternating.
TEST(XnnpackDepthwiseConv2DTest, Int8OwnKernelWithinOneStepOfReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  const int own = RunOwnDepthwiseCases(
      83, 56, [](int i) { return i % 2 == 0 ? Quant::kPerChannel : Quant::kPerTensor; },
      [](const kernels::xnnpack::PlanarDepthwiseShape& shape, Quant quant) {
        return kernels::xnnpack::Int8DepthwiseApplies(shape, quant == Quant::kPerChannel);
      },
      "own int8 depthwise");
  EXPECT_GT(own, 20);  // of 56 (28 per-channel: per-tensor ones stay on XNNPACK on Arm)
}

// Float32 (taken before the narrow path where FloatDepthwiseApplies).
TEST(XnnpackDepthwiseConv2DTest, FloatOwnKernelMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  const int own = RunOwnDepthwiseCases(
      89, 56, [](int) { return Quant::kFloat; },
      [](const kernels::xnnpack::PlanarDepthwiseShape& s, Quant) {
        return kernels::xnnpack::FloatDepthwiseApplies(s);
      },
      "own float depthwise");
  EXPECT_GT(own, 30);  // of 56
}

#endif  // EDGEPOSE_WITH_XNNPACK

// SAME padding with an even kernel on an even input: TFLite puts the odd pixel after (bottom/right).
// A 2x2 all-ones filter with stride 1 on a 2x2 input of 1,2,3,4 gives [10, 6; 7, 4] only when the
// padding is after; padding before would give [1, 3; 4, 10].
TEST(XnnpackConv2DTest, SamePaddingPutsTheOddPixelAfter) {
  EP_SKIP_WITHOUT_XNNPACK();
  OneOpModel builder(tfl::BuiltinOperator_CONV_2D);
  builder.AddInput(DType::kFloat32, {1, 2, 2, 1});
  builder.AddConstant(DType::kFloat32, {1, 2, 2, 1}, std::vector<float>{1, 1, 1, 1});
  builder.SkipInput();
  builder.AddOutput(DType::kFloat32);
  tfl::Conv2DOptionsT options;
  options.padding = tfl::Padding_SAME;
  options.stride_h = options.stride_w = 1;
  builder.options().Set(std::move(options));
  auto model = builder.Build();
  ASSERT_TRUE(model) << model.error().message;
  InterpreterOptions interpreter_options;
  interpreter_options.backend = Backend::kXnnpack;
  auto interpreter = Interpreter::Create(*model, interpreter_options);
  ASSERT_TRUE(interpreter) << interpreter.error().message;
  EXPECT_EQ((*interpreter)->profile().at(0).kernel, "xnnpack/CONV_2D");
  Fill((*interpreter)->input(0), std::vector<float>{1, 2, 3, 4});
  ASSERT_TRUE((*interpreter)->Invoke());
  EXPECT_EQ(Read<float>((*interpreter)->output(0)), (std::vector<float>{10, 6, 7, 4}));
}

}  // namespace
}  // namespace edgepose::testing
