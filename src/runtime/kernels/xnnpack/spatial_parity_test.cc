// XNNPACK pooling, PAD, RESIZE_BILINEAR and DEPTH_TO_SPACE against the reference kernels on random
// shapes (odd sizes, SAME/VALID, every resize mode, fill values), float32 and int8.
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

int Pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

const QuantParams kInt8Quant{{0.05f}, {3}, 0};

void RunPoolCases(tfl::BuiltinOperator op, DType type, uint32_t seed) {
  std::mt19937 rng(seed);
  const tfl::ActivationFunctionType activations[] = {tfl::ActivationFunctionType_NONE,
                                                     tfl::ActivationFunctionType_RELU,
                                                     tfl::ActivationFunctionType_RELU6};
  for (int i = 0; i < 40; ++i) {
    tfl::Pool2DOptionsT options;
    options.filter_height = Pick(rng, 1, 4);
    options.filter_width = Pick(rng, options.filter_height == 1 ? 2 : 1, 4);
    options.stride_h = Pick(rng, 1, options.filter_height);
    options.stride_w = Pick(rng, 1, options.filter_width);
    options.padding = Pick(rng, 0, 1) ? tfl::Padding_SAME : tfl::Padding_VALID;
    options.fused_activation_function = activations[Pick(rng, 0, 2)];
    const Shape shape{Pick(rng, 1, 2), Pick(rng, options.filter_height, 15), Pick(rng, options.filter_width, 15),
                      Pick(rng, 1, 19)};
    const QuantParams quant = type == DType::kInt8 ? kInt8Quant : QuantParams{};
    OneOpModel model(op, type == DType::kInt8 ? 2 : 1);
    model.AddInput(type, shape, quant);
    model.AddOutput(type, {}, quant);
    const std::string what = std::string(OpName(op)) + " " + ShapeToString(shape) + " window " +
                             std::to_string(options.filter_height) + "x" + std::to_string(options.filter_width) +
                             " stride " + std::to_string(options.stride_h) + "," + std::to_string(options.stride_w) +
                             (options.padding == tfl::Padding_SAME ? " SAME" : " VALID");
    model.options().Set(std::move(options));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), what, 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackPoolTest, MaxPoolFloatMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunPoolCases(tfl::BuiltinOperator_MAX_POOL_2D, DType::kFloat32, 1);
}
TEST(XnnpackPoolTest, MaxPoolInt8MatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunPoolCases(tfl::BuiltinOperator_MAX_POOL_2D, DType::kInt8, 2);
}
// SAME-padded windows check that XNNPACK, like TFLite, leaves padding out of the divisor.
TEST(XnnpackPoolTest, AveragePoolFloatMatchesReferenceIncludingPaddedWindows) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunPoolCases(tfl::BuiltinOperator_AVERAGE_POOL_2D, DType::kFloat32, 3);
}

void RunPadCases(tfl::BuiltinOperator op, DType type, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 30; ++i) {
    const int rank = Pick(rng, 1, 4);
    Shape shape;
    std::vector<int32_t> paddings;
    for (int d = 0; d < rank; ++d) {
      shape.push_back(Pick(rng, 1, 7));
      paddings.push_back(Pick(rng, 0, 3));
      paddings.push_back(Pick(rng, 0, 3));
    }
    const QuantParams quant = type == DType::kInt8 ? kInt8Quant : QuantParams{};
    OneOpModel model(op);
    model.AddInput(type, shape, quant);
    model.AddConstant(DType::kInt32, {rank, 2}, paddings);
    if (op == tfl::BuiltinOperator_PADV2) {
      if (type == DType::kFloat32) model.AddConstant(DType::kFloat32, {1}, std::vector<float>{-1.5f});
      else model.AddConstant(DType::kInt8, {1}, std::vector<int8_t>{-7}, quant);
    }
    model.AddOutput(type, {}, quant);
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, std::string("xnnpack/") + OpName(op), std::string(OpName(op)) + " " + ShapeToString(shape),
                 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackPadTest, PadFloatAndInt8MatchReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunPadCases(tfl::BuiltinOperator_PAD, DType::kFloat32, 10);
  RunPadCases(tfl::BuiltinOperator_PAD, DType::kInt8, 11);
}
TEST(XnnpackPadTest, Padv2FillValueMatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunPadCases(tfl::BuiltinOperator_PADV2, DType::kFloat32, 12);
  RunPadCases(tfl::BuiltinOperator_PADV2, DType::kInt8, 13);
}

void RunResizeCases(DType type, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 36; ++i) {
    const Shape shape{Pick(rng, 1, 2), Pick(rng, 1, 9), Pick(rng, 1, 9), Pick(rng, 1, 7)};
    const int out_h = Pick(rng, 1, 20), out_w = Pick(rng, 1, 20);
    tfl::ResizeBilinearOptionsT options;
    const int mode = i % 3;  // half-pixel, align corners, legacy
    options.half_pixel_centers = mode == 0;
    options.align_corners = mode == 1;
    const QuantParams quant = type == DType::kInt8 ? kInt8Quant : QuantParams{};
    OneOpModel model(tfl::BuiltinOperator_RESIZE_BILINEAR, type == DType::kInt8 ? 2 : 1);
    model.AddInput(type, shape, quant);
    model.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{out_h, out_w});
    model.AddOutput(type, {}, quant);
    model.options().Set(std::move(options));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    const std::string what = "RESIZE_BILINEAR " + ShapeToString(shape) + " -> " + std::to_string(out_h) + "x" +
                             std::to_string(out_w) + " mode " + std::to_string(mode);
    if (type == DType::kInt8 && mode == 1) {  // int8 align_corners falls back (2-step differences)
      auto fast = RunOnBackend(*built, Backend::kXnnpack, 1, seed + i);
      ASSERT_TRUE(fast) << fast.error().message;
      EXPECT_EQ(fast->kernels.at(0), "reference/RESIZE_BILINEAR") << what;
      continue;
    }
    ExpectParity(*built, "xnnpack/RESIZE_BILINEAR", what, 1 + i % 2, seed + i);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(XnnpackResizeBilinearTest, FloatMatchesReferenceInEveryMode) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunResizeCases(DType::kFloat32, 20);
}
TEST(XnnpackResizeBilinearTest, Int8WithinOneStepOrFallsBack) {
  EP_SKIP_WITHOUT_XNNPACK();
  RunResizeCases(DType::kInt8, 21);
}

TEST(XnnpackDepthToSpaceTest, MatchesReference) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(30);
  for (int i = 0; i < 20; ++i) {
    const int block = Pick(rng, 2, 4);
    const Shape shape{Pick(rng, 1, 2), Pick(rng, 1, 6), Pick(rng, 1, 6), block * block * Pick(rng, 1, 5)};
    OneOpModel model(tfl::BuiltinOperator_DEPTH_TO_SPACE);
    model.AddInput(DType::kFloat32, shape);
    model.AddOutput(DType::kFloat32);
    tfl::DepthToSpaceOptionsT options;
    options.block_size = block;
    model.options().Set(std::move(options));
    auto built = model.Build();
    ASSERT_TRUE(built) << built.error().message;
    ExpectParity(*built, "xnnpack/DEPTH_TO_SPACE", "DEPTH_TO_SPACE " + ShapeToString(shape), 1 + i % 2, 30 + i);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace edgepose::testing
