// Differential test of the convolution / spatial reference kernels against Google's LiteRT: for
// every op, seeded random one-op models (random shapes including odd sizes, every option value) are
// saved with Model::Save, run in LiteRT and in EdgePose on the same random input, and compared:
// float outputs within 1e-5 * (max|ref| + 1), quantized outputs within one step. Passing also
// proves LiteRT accepts the models we write.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/litert_oracle.h"
#include "edgepose/interpreter.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

namespace fs = std::filesystem;

constexpr tfl::ActivationFunctionType kActivations[] = {
    tfl::ActivationFunctionType_NONE, tfl::ActivationFunctionType_RELU, tfl::ActivationFunctionType_RELU6,
    tfl::ActivationFunctionType_RELU_N1_TO_1};

struct Quant {
  DType type = DType::kFloat32;
  float scale = 0;
  int zero_point = 0;
  QuantParams params() const { return type == DType::kFloat32 ? QuantParams{} : QuantParams{{scale}, {zero_point}}; }
};

std::mt19937& Rng() {
  static std::mt19937 rng(20240601);
  return rng;
}
int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(Rng()); }

std::vector<float> RandomFloats(int64_t count, float range = 1.f) {
  std::uniform_real_distribution<float> dist(-range, range);
  std::vector<float> values(static_cast<size_t>(count));
  for (float& v : values) v = dist(Rng());
  return values;
}

template <class T>
std::vector<T> RandomInts(int64_t count, int low, int high) {
  std::vector<T> values(static_cast<size_t>(count));
  for (T& v : values) v = static_cast<T>(Uniform(low, high));
  return values;
}

// A random input array of the given dtype covering the dtype's range (floats in [-range, range]).
NpyArray RandomInput(DType type, const Shape& shape, float range = 1.f) {
  NpyArray array = MakeNpyArray(type, shape);
  const int64_t n = NumElements(shape);
  switch (type) {
    case DType::kFloat32: {
      auto v = RandomFloats(n, range);
      std::memcpy(array.data.data(), v.data(), array.data.size());
      break;
    }
    case DType::kInt8: {
      auto v = RandomInts<int8_t>(n, -128, 127);
      std::memcpy(array.data.data(), v.data(), array.data.size());
      break;
    }
    case DType::kUInt8: {
      auto v = RandomInts<uint8_t>(n, 0, 255);
      std::memcpy(array.data.data(), v.data(), array.data.size());
      break;
    }
    case DType::kInt16: {
      auto v = RandomInts<int16_t>(n, -32768, 32767);
      std::memcpy(array.data.data(), v.data(), array.data.size());
      break;
    }
    default: break;
  }
  return array;
}

template <class T>
double MaxDiff(const NpyArray& a, const Tensor& b, double* ref_max) {
  const T* x = a.data_as<T>();
  const T* y = b.data_as<T>();
  double worst = 0;
  for (int64_t i = 0; i < NumElements(a.shape); ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(x[i]) - static_cast<double>(y[i])));
    *ref_max = std::max(*ref_max, std::abs(static_cast<double>(x[i])));
  }
  return worst;
}

struct Worst {
  double float_rel = 0;  // max|diff| / (max|ref| + 1)
  double quant_steps = 0;
  std::string float_case, quant_case;
};
Worst& WorstSeen() {
  static Worst worst;
  return worst;
}

// Saves the model, runs it in LiteRT and in EdgePose, and checks output 0 within tolerance.
void ExpectParity(OneOpModel& builder, const std::vector<NpyArray>& inputs, const std::string& label) {
  SCOPED_TRACE(label);
  auto model = builder.Build();
  ASSERT_TRUE(model) << model.error().message;
  InterpreterOptions options;
  options.backend = Backend::kReference;
  auto interpreter = Interpreter::Create(*model, options);
  ASSERT_TRUE(interpreter) << interpreter.error().message;
  // LiteRT allocates outputs from the shapes in the file: write the inferred shape there (the
  // unit tests check the shapes themselves against closed-form values).
  tfl::SubGraphT& graph = *model->mutable_ir().subgraphs[0];
  graph.tensors[graph.outputs[0]]->shape = (*interpreter)->output(0).shape;
  const std::string path =
      (fs::temp_directory_path() / ("edgepose_spatial_" + std::to_string(::getpid()) + ".tflite")).string();
  ASSERT_TRUE(model->Save(path));
  auto reference = RunLiteRt(path, inputs);
  fs::remove(path);
  ASSERT_TRUE(reference) << reference.error().message;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor& input = (*interpreter)->input(i);
    ASSERT_EQ(input.bytes, inputs[i].data.size());
    std::memcpy(input.data, inputs[i].data.data(), input.bytes);
  }
  ASSERT_TRUE((*interpreter)->Invoke());
  const Tensor& ours = (*interpreter)->output(0);
  const NpyArray& theirs = (*reference)[0];
  ASSERT_EQ(ours.type, theirs.dtype);
  ASSERT_EQ(ours.shape, theirs.shape);
  double ref_max = 0;
  switch (ours.type) {
    case DType::kFloat32: {
      const double rel = MaxDiff<float>(theirs, ours, &ref_max) / (ref_max + 1);
      if (rel > WorstSeen().float_rel) WorstSeen().float_case = label;
      WorstSeen().float_rel = std::max(WorstSeen().float_rel, rel);
      EXPECT_LE(rel, 1e-5);
      break;
    }
    case DType::kInt8: case DType::kUInt8: case DType::kInt16: {
      const double steps = ours.type == DType::kInt8    ? MaxDiff<int8_t>(theirs, ours, &ref_max)
                           : ours.type == DType::kUInt8 ? MaxDiff<uint8_t>(theirs, ours, &ref_max)
                                                        : MaxDiff<int16_t>(theirs, ours, &ref_max);
      if (steps > WorstSeen().quant_steps) WorstSeen().quant_case = label;
      WorstSeen().quant_steps = std::max(WorstSeen().quant_steps, steps);
      EXPECT_LE(steps, 1.0);
      break;
    }
    default: FAIL() << "unexpected output dtype";
  }
}

// ---- model builders (float, or quantized activations with int8 per-channel / uint8 filters) ----

// Filter / weights constant: float values, or int8 values with per-channel scales along `axis`
// (uint8 per-tensor with zero point 128 for uint8 activations). Returns the tensor index.
int AddWeights(OneOpModel& m, const Quant& act, const Shape& shape, int channels, int axis) {
  const int64_t n = NumElements(shape);
  if (act.type == DType::kFloat32) return m.AddConstant(DType::kFloat32, shape, RandomFloats(n));
  if (act.type == DType::kUInt8)
    return m.AddConstant(DType::kUInt8, shape, RandomInts<uint8_t>(n, 0, 255), {{0.01f}, {128}});
  QuantParams q;
  for (int c = 0; c < channels; ++c) {
    q.scale.push_back(0.002f + 0.01f * static_cast<float>(Uniform(0, 100)) / 100.f);
    q.zero_point.push_back(0);
  }
  q.quantized_dimension = axis;
  return m.AddConstant(DType::kInt8, shape, RandomInts<int8_t>(n, -127, 127), q);
}

// Bias matching the weights' scales (bias scale = input scale * weight scale, same granularity).
void AddBias(OneOpModel& m, const Quant& act, int channels, int weights_index) {
  if (act.type == DType::kFloat32) {
    m.AddConstant(DType::kFloat32, {channels}, RandomFloats(channels));
    return;
  }
  QuantParams q;
  for (float s : m.tensor(weights_index).quantization->scale) {
    q.scale.push_back(s * act.scale);
    q.zero_point.push_back(0);
  }
  if (act.type == DType::kInt16) m.AddConstant(DType::kInt64, {channels}, RandomInts<int64_t>(channels, -30000, 30000), q);
  else m.AddConstant(DType::kInt32, {channels}, RandomInts<int32_t>(channels, -3000, 3000), q);
}

Quant OutputQuant(const Quant& act, float scale) {
  if (act.type == DType::kFloat32) return act;
  Quant out = act;
  out.scale = scale;
  out.zero_point = act.type == DType::kInt16 ? 0 : (act.type == DType::kUInt8 ? Uniform(100, 150) : Uniform(-20, 20));
  return out;
}

tfl::Padding RandomPadding() { return Uniform(0, 1) ? tfl::Padding_SAME : tfl::Padding_VALID; }

void ConvCases(const Quant& act, int count, float out_scale) {
  for (int i = 0; i < count; ++i) {
    const int in_c = Uniform(1, 6);
    const int groups = (i % 3 == 2 && act.type == DType::kFloat32 && in_c % 2 == 0) ? 2 : 1;
    const int out_c = Uniform(1, 5) * groups, k_h = Uniform(1, 4), k_w = Uniform(1, 4);
    const int dilation = i % 4 == 3 ? 2 : 1;
    const Shape in_shape = {Uniform(1, 2), Uniform(2 * k_h + 2, 17), Uniform(2 * k_w + 2, 15), in_c};
    OneOpModel m(tfl::BuiltinOperator_CONV_2D, act.type == DType::kFloat32 ? 1 : 3);
    m.AddInput(act.type, in_shape, act.params());
    const int w = AddWeights(m, act, {out_c, k_h, k_w, in_c / groups}, out_c, 0);
    AddBias(m, act, out_c, w);  // LiteRT's CONV_2D rejects a missing bias ("has_bias was not true")
    m.AddOutput(act.type, {}, OutputQuant(act, out_scale).params());
    tfl::Conv2DOptionsT o;
    o.padding = RandomPadding();
    o.stride_h = Uniform(1, 3);
    o.stride_w = Uniform(1, 3);
    o.dilation_h_factor = o.dilation_w_factor = dilation;
    o.fused_activation_function = kActivations[i % 4];
    m.options().Set(o);
    ExpectParity(m, {RandomInput(act.type, in_shape)}, "conv " + ShapeToString(in_shape) + " case " + std::to_string(i));
  }
}

void DepthwiseCases(const Quant& act, int count, float out_scale) {
  for (int i = 0; i < count; ++i) {
    const int in_c = Uniform(1, 7), multiplier = i % 3 == 1 ? Uniform(2, 3) : 1, k = Uniform(2, 5);
    const int out_c = in_c * multiplier, dilation = i % 4 == 3 ? 2 : 1;
    const Shape in_shape = {1, Uniform(2 * k + 1, 19), Uniform(2 * k + 1, 16), in_c};
    OneOpModel m(tfl::BuiltinOperator_DEPTHWISE_CONV_2D, act.type == DType::kFloat32 ? 2 : 3);
    m.AddInput(act.type, in_shape, act.params());
    const int w = AddWeights(m, act, {1, k, k, out_c}, out_c, 3);
    AddBias(m, act, out_c, w);
    m.AddOutput(act.type, {}, OutputQuant(act, out_scale).params());
    tfl::DepthwiseConv2DOptionsT o;
    o.padding = RandomPadding();
    o.stride_h = o.stride_w = Uniform(1, 2);
    o.dilation_h_factor = o.dilation_w_factor = dilation;
    // Absent (0) in some files: we derive it from the shapes. LiteRT's int16 depthwise path reads the
    // option instead and returns garbage for 0, so 16x8 models always carry it.
    o.depth_multiplier = (i % 2 || act.type == DType::kInt16) ? multiplier : 0;
    o.fused_activation_function = kActivations[i % 4];
    m.options().Set(o);
    ExpectParity(m, {RandomInput(act.type, in_shape)}, "depthwise " + ShapeToString(in_shape) + " m" + std::to_string(multiplier));
  }
}

void FullyConnectedCases(const Quant& act, int count, float out_scale) {
  for (int i = 0; i < count; ++i) {
    const int depth = Uniform(1, 40), units = Uniform(1, 12);
    const bool keep = i % 2 == 1;
    const Shape in_shape = keep ? Shape{1, Uniform(1, 3), depth} : Shape{Uniform(1, 4), depth};
    OneOpModel m(tfl::BuiltinOperator_FULLY_CONNECTED, act.type == DType::kFloat32 ? 1 : 4);
    m.AddInput(act.type, in_shape, act.params());
    QuantParams per_tensor;
    int w;
    if (act.type == DType::kFloat32 || act.type == DType::kUInt8) {
      w = AddWeights(m, act, {units, depth}, 1, 0);
    } else {
      w = m.AddConstant(DType::kInt8, {units, depth}, RandomInts<int8_t>(units * depth, -127, 127), {{0.004f}, {0}});
    }
    if (i % 3 != 2) AddBias(m, act, units, w);
    else m.SkipInput();
    m.AddOutput(act.type, {}, OutputQuant(act, out_scale).params());
    tfl::FullyConnectedOptionsT o;
    o.keep_num_dims = keep;
    o.fused_activation_function = kActivations[i % 4];
    m.options().Set(o);
    ExpectParity(m, {RandomInput(act.type, in_shape)}, "fully_connected " + ShapeToString(in_shape));
  }
}

void PoolCases(tfl::BuiltinOperator op, const Quant& act, int count) {
  for (int i = 0; i < count; ++i) {
    const int filter_h = Uniform(1, 4), filter_w = Uniform(1, 4);
    const Shape in_shape = {Uniform(1, 2), Uniform(filter_h + 1, 14), Uniform(filter_w + 1, 13), Uniform(1, 5)};
    OneOpModel m(op, act.type == DType::kFloat32 ? 1 : 2);
    m.AddInput(act.type, in_shape, act.params());
    m.AddOutput(act.type, {}, act.params());
    tfl::Pool2DOptionsT o;
    o.padding = i % 2 ? tfl::Padding_SAME : tfl::Padding_VALID;
    o.filter_height = filter_h;
    o.filter_width = filter_w;
    o.stride_h = Uniform(1, 3);
    o.stride_w = Uniform(1, 3);
    o.fused_activation_function = kActivations[i % 4];
    m.options().Set(o);
    ExpectParity(m, {RandomInput(act.type, in_shape, 3.f)}, std::string(OpName(op)) + " " + ShapeToString(in_shape));
  }
}

TEST(SpatialKernelsParityTest, FloatConvolutions) {
  EP_REQUIRE_LITERT();
  ConvCases({}, 6, 0);
  DepthwiseCases({}, 4, 0);
  FullyConnectedCases({}, 4, 0);
}

TEST(SpatialKernelsParityTest, FloatTransposeConv) {
  EP_REQUIRE_LITERT();
  for (int i = 0; i < 4; ++i) {
    const int stride = Uniform(1, 3), k = Uniform(stride, 4), in_c = Uniform(1, 4), out_c = Uniform(1, 4);
    const tfl::Padding padding = i % 2 ? tfl::Padding_SAME : tfl::Padding_VALID;
    const int in_h = Uniform(2, 7), in_w = Uniform(2, 7);
    // The output size a forward conv with these options would map back to the input size.
    const int out_h = padding == tfl::Padding_SAME ? in_h * stride : (in_h - 1) * stride + k;
    const int out_w = padding == tfl::Padding_SAME ? in_w * stride : (in_w - 1) * stride + k;
    const bool with_bias = i >= 2;
    OneOpModel m(tfl::BuiltinOperator_TRANSPOSE_CONV, with_bias ? 3 : 1);
    m.AddConstant(DType::kInt32, {4}, std::vector<int32_t>{1, out_h, out_w, out_c});
    m.AddConstant(DType::kFloat32, {out_c, k, k, in_c}, RandomFloats(out_c * k * k * in_c));
    m.AddInput(DType::kFloat32, {1, in_h, in_w, in_c});
    if (with_bias) m.AddConstant(DType::kFloat32, {out_c}, RandomFloats(out_c));
    m.AddOutput(DType::kFloat32);
    tfl::TransposeConvOptionsT o;
    o.padding = padding;
    o.stride_h = o.stride_w = stride;
    m.options().Set(o);
    ExpectParity(m, {RandomInput(DType::kFloat32, {1, in_h, in_w, in_c})}, "transpose_conv case " + std::to_string(i));
  }
}

TEST(SpatialKernelsParityTest, FloatPooling) {
  EP_REQUIRE_LITERT();
  PoolCases(tfl::BuiltinOperator_MAX_POOL_2D, {}, 4);
  PoolCases(tfl::BuiltinOperator_AVERAGE_POOL_2D, {}, 4);
}

void MeanCase(const Quant& act, const Quant& out, const Shape& shape, const std::vector<int32_t>& axes, bool keep) {
  OneOpModel m(tfl::BuiltinOperator_MEAN, act.type == DType::kFloat32 ? 1 : 2);
  m.AddInput(act.type, shape, act.params());
  m.AddConstant(DType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  m.AddOutput(out.type, {}, out.params());
  tfl::ReducerOptionsT o;
  o.keep_dims = keep;
  m.options().Set(o);
  ExpectParity(m, {RandomInput(act.type, shape)}, "mean " + ShapeToString(shape));
}

TEST(SpatialKernelsParityTest, FloatMean) {
  EP_REQUIRE_LITERT();
  MeanCase({}, {}, {1, 7, 5, 3}, {1, 2}, true);
  MeanCase({}, {}, {2, 6, 3}, {-1}, false);
  MeanCase({}, {}, {3, 4, 5}, {0, 2}, false);
}

void PadCase(tfl::BuiltinOperator op, const Quant& act, const Shape& shape, bool int64_paddings, bool constant) {
  OneOpModel m(op, act.type == DType::kFloat32 ? 1 : 2);
  m.AddInput(act.type, shape, act.params());
  std::vector<int64_t> pads;
  for (size_t d = 0; d < shape.size() * 2; ++d) pads.push_back(Uniform(0, 3));
  const int32_t rank = static_cast<int32_t>(shape.size());
  if (int64_paddings) m.AddConstant(DType::kInt64, {rank, 2}, pads);
  else m.AddConstant(DType::kInt32, {rank, 2}, std::vector<int32_t>(pads.begin(), pads.end()));
  if (constant) {
    if (act.type == DType::kFloat32) m.AddConstant(DType::kFloat32, {1}, std::vector<float>{0.75f});
    else m.AddConstant(DType::kInt8, {1}, std::vector<int8_t>{static_cast<int8_t>(Uniform(-100, 100))}, act.params());
  }
  m.AddOutput(act.type, {}, act.params());
  ExpectParity(m, {RandomInput(act.type, shape)}, std::string(OpName(op)) + " " + ShapeToString(shape));
}

TEST(SpatialKernelsParityTest, FloatPad) {
  EP_REQUIRE_LITERT();
  PadCase(tfl::BuiltinOperator_PAD, {}, {1, 5, 4, 3}, false, false);
  PadCase(tfl::BuiltinOperator_PAD, {}, {3, 7}, true, false);
  PadCase(tfl::BuiltinOperator_PADV2, {}, {1, 3, 6, 2}, false, true);
  PadCase(tfl::BuiltinOperator_PADV2, {}, {2, 3, 5}, true, true);
}

void ResizeCase(tfl::BuiltinOperator op, const Quant& act, const Shape& shape, int out_h, int out_w, bool align,
                bool half) {
  OneOpModel m(op, 3);
  m.AddInput(act.type, shape, act.params());
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{out_h, out_w});
  m.AddOutput(act.type, {}, act.params());
  if (op == tfl::BuiltinOperator_RESIZE_BILINEAR) {
    tfl::ResizeBilinearOptionsT o;
    o.align_corners = align;
    o.half_pixel_centers = half;
    m.options().Set(o);
  } else {
    tfl::ResizeNearestNeighborOptionsT o;
    o.align_corners = align;
    o.half_pixel_centers = half;
    m.options().Set(o);
  }
  ExpectParity(m, {RandomInput(act.type, shape)},
               std::string(OpName(op)) + " " + ShapeToString(shape) + " -> " + std::to_string(out_h) + "x" +
                   std::to_string(out_w) + (align ? " align" : "") + (half ? " half" : ""));
}

void ResizeCases(const Quant& act) {
  for (auto op : {tfl::BuiltinOperator_RESIZE_BILINEAR, tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR}) {
    ResizeCase(op, act, {1, 5, 7, 3}, 10, 14, false, false);
    ResizeCase(op, act, {2, 4, 3, 2}, 9, 7, true, false);
    ResizeCase(op, act, {1, 6, 5, 4}, 13, 11, false, true);
    ResizeCase(op, act, {1, 9, 8, 1}, 4, 5, false, true);
  }
}

TEST(SpatialKernelsParityTest, FloatResize) {
  EP_REQUIRE_LITERT();
  ResizeCases({});
}

void BlockCase(tfl::BuiltinOperator op, const Quant& act, const Shape& shape, int block) {
  OneOpModel m(op, act.type == DType::kFloat32 ? 1 : 2);
  m.AddInput(act.type, shape, act.params());
  m.AddOutput(act.type, {}, act.params());
  if (op == tfl::BuiltinOperator_DEPTH_TO_SPACE) {
    tfl::DepthToSpaceOptionsT o;
    o.block_size = block;
    m.options().Set(o);
  } else {
    tfl::SpaceToDepthOptionsT o;
    o.block_size = block;
    m.options().Set(o);
  }
  ExpectParity(m, {RandomInput(act.type, shape)}, std::string(OpName(op)) + " " + ShapeToString(shape));
}

TEST(SpatialKernelsParityTest, FloatDepthSpace) {
  EP_REQUIRE_LITERT();
  BlockCase(tfl::BuiltinOperator_DEPTH_TO_SPACE, {}, {1, 3, 5, 12}, 2);
  BlockCase(tfl::BuiltinOperator_DEPTH_TO_SPACE, {}, {2, 2, 3, 18}, 3);
  BlockCase(tfl::BuiltinOperator_SPACE_TO_DEPTH, {}, {1, 6, 4, 3}, 2);
}

const Quant kInt8{DType::kInt8, 0.03f, -5};
const Quant kUInt8{DType::kUInt8, 0.02f, 131};
const Quant kInt16{DType::kInt16, 0.0004f, 0};

TEST(SpatialKernelsParityTest, Int8Convolutions) {
  EP_REQUIRE_LITERT();
  ConvCases(kInt8, 4, 0.08f);
  DepthwiseCases(kInt8, 4, 0.06f);
  FullyConnectedCases(kInt8, 3, 0.1f);
}

TEST(SpatialKernelsParityTest, Int16x8Convolutions) {
  EP_REQUIRE_LITERT();
  ConvCases(kInt16, 3, 0.0011f);
  DepthwiseCases(kInt16, 3, 0.0009f);
  FullyConnectedCases(kInt16, 2, 0.0015f);
}

TEST(SpatialKernelsParityTest, UInt8Convolutions) {
  EP_REQUIRE_LITERT();
  ConvCases(kUInt8, 2, 0.07f);
  DepthwiseCases(kUInt8, 2, 0.05f);
}

TEST(SpatialKernelsParityTest, QuantizedPoolingMeanPadResizeDepthToSpace) {
  EP_REQUIRE_LITERT();
  for (const Quant& q : {kInt8, kUInt8, kInt16}) {
    PoolCases(tfl::BuiltinOperator_MAX_POOL_2D, q, 1);
    PoolCases(tfl::BuiltinOperator_AVERAGE_POOL_2D, q, 2);
  }
  MeanCase(kInt8, {DType::kInt8, 0.02f, 3}, {1, 6, 5, 4}, {1, 2}, true);
  MeanCase(kInt8, {DType::kInt8, 0.03f, -5}, {2, 7, 3}, {1}, false);
  MeanCase(kUInt8, {DType::kUInt8, 0.015f, 120}, {1, 4, 4, 3}, {1, 2}, true);
  PadCase(tfl::BuiltinOperator_PAD, kInt8, {1, 4, 5, 2}, false, false);
  PadCase(tfl::BuiltinOperator_PADV2, kInt8, {1, 3, 3, 3}, false, true);
  ResizeCase(tfl::BuiltinOperator_RESIZE_BILINEAR, kInt8, {1, 5, 7, 3}, 10, 14, false, false);
  ResizeCase(tfl::BuiltinOperator_RESIZE_BILINEAR, kInt8, {2, 4, 3, 2}, 9, 7, true, false);
  ResizeCase(tfl::BuiltinOperator_RESIZE_BILINEAR, kInt8, {1, 9, 8, 1}, 4, 5, false, true);
  ResizeCase(tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR, kInt8, {1, 6, 5, 4}, 13, 11, false, true);
  ResizeCase(tfl::BuiltinOperator_RESIZE_BILINEAR, kUInt8, {1, 5, 6, 2}, 10, 12, false, true);
  ResizeCase(tfl::BuiltinOperator_RESIZE_BILINEAR, kInt16, {1, 4, 5, 2}, 8, 9, false, false);
  BlockCase(tfl::BuiltinOperator_DEPTH_TO_SPACE, kInt8, {1, 3, 4, 8}, 2);
  BlockCase(tfl::BuiltinOperator_DEPTH_TO_SPACE, kUInt8, {1, 2, 2, 9}, 3);
}

TEST(SpatialKernelsParityTest, ZZReportWorstDifferences) {
  EP_REQUIRE_LITERT();
  std::printf("worst float max|diff|/(max|ref|+1) = %.3g (%s), worst quantized diff = %.0f steps (%s)\n",
              WorstSeen().float_rel, WorstSeen().float_case.c_str(), WorstSeen().quant_steps,
              WorstSeen().quant_case.c_str());
}

}  // namespace
}  // namespace edgepose::testing
