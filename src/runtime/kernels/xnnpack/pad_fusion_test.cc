// PAD -> CONV_2D / DEPTHWISE_CONV_2D fusion (pad_fusion.h): two-op models (PAD in front of a
// one-op convolution model) run on XNNPACK must equal the reference kernels, whose PAD really
// copies; and the PAD's copy is skipped exactly when every reader absorbed it. "Skipped" shows in
// the profile's kernel name ("xnnpack/PAD (absorbed by its convolutions)"), and when a tensor
// observer watches the run (calibration, error reports) the PAD still writes its output, which
// must then equal the reference kernels' padded tensor.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "runtime/kernels/xnnpack/parity_testing.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {
namespace {

struct FusionCase {
  bool depthwise = false;
  bool int8 = false;
  int h = 9, w = 8, c = 5, out_c = 7, k = 3, stride = 2;
  bool same = false;
  std::array<int32_t, 8> pads{0, 0, 1, 1, 1, 1, 0, 0};
  bool pad_is_graph_output = false;
};

// Builds the convolution on the padded shape with OneOpModel, then puts a PAD in front of it.
Result<Model> BuildPadConv(const FusionCase& c, std::mt19937& rng) {
  const int ph = c.h + c.pads[2] + c.pads[3], pw = c.w + c.pads[4] + c.pads[5], pc = c.c + c.pads[6] + c.pads[7];
  const int out_c = c.depthwise ? pc : c.out_c;
  const QuantParams act = c.int8 ? QuantParams{{0.02f}, {3}, 0} : QuantParams{};
  OneOpModel conv(c.depthwise ? tfl::BuiltinOperator_DEPTHWISE_CONV_2D : tfl::BuiltinOperator_CONV_2D, c.int8 ? 3 : 1);
  const DType type = c.int8 ? DType::kInt8 : DType::kFloat32;
  const int conv_input = conv.AddInput(type, {1, ph, pw, pc}, act);
  const Shape filter_shape = c.depthwise ? Shape{1, c.k, c.k, out_c} : Shape{out_c, c.k, c.k, pc};
  const size_t filter_count = static_cast<size_t>(NumElements(filter_shape));
  if (c.int8) {
    std::vector<int8_t> filter(filter_count);
    for (int8_t& v : filter) v = static_cast<int8_t>(std::uniform_int_distribution<int>(-127, 127)(rng));
    std::vector<float> scales(static_cast<size_t>(out_c), 0.004f);
    conv.AddConstant(DType::kInt8, filter_shape, filter,
                     QuantParams{scales, std::vector<int64_t>(scales.size(), 0), c.depthwise ? 3 : 0});
    conv.AddConstant(DType::kInt32, {out_c}, std::vector<int32_t>(static_cast<size_t>(out_c), 100),
                     QuantParams{std::vector<float>(scales.size(), 0.02f * 0.004f), std::vector<int64_t>(scales.size(), 0), 0});
    conv.AddOutput(type, {}, QuantParams{{0.05f}, {-2}, 0});
  } else {
    std::vector<float> filter(filter_count);
    for (float& v : filter) v = std::normal_distribution<float>(0.f, 0.3f)(rng);
    conv.AddConstant(DType::kFloat32, filter_shape, filter);
    conv.AddConstant(DType::kFloat32, {out_c}, std::vector<float>(static_cast<size_t>(out_c), 0.1f));
    conv.AddOutput(type);
  }
  const auto padding = c.same ? tfl::Padding_SAME : tfl::Padding_VALID;
  if (c.depthwise) {
    tfl::DepthwiseConv2DOptionsT options;
    options.padding = padding;
    options.stride_h = options.stride_w = c.stride;
    options.depth_multiplier = 1;
    conv.options().Set(std::move(options));
  } else {
    tfl::Conv2DOptionsT options;
    options.padding = padding;
    options.stride_h = options.stride_w = c.stride;
    conv.options().Set(std::move(options));
  }
  EP_ASSIGN_OR_RETURN(Model model, conv.Build());

  tfl::ModelT& ir = model.mutable_ir();
  tfl::SubGraphT& graph = *ir.subgraphs[0];
  auto add_tensor = [&](DType t, const Shape& shape, uint32_t buffer, const QuantParams& quant) {
    auto tensor = std::make_unique<tfl::TensorT>(*graph.tensors[static_cast<size_t>(conv_input)]);
    tensor->type = static_cast<tfl::TensorType>(t);
    tensor->shape = shape;
    tensor->buffer = buffer;
    tensor->name = "pad_t" + std::to_string(graph.tensors.size());
    if (quant.empty()) tensor->quantization.reset();
    graph.tensors.push_back(std::move(tensor));
    return static_cast<int32_t>(graph.tensors.size() - 1);
  };
  const int32_t pad_input = add_tensor(type, {1, c.h, c.w, c.c}, 0, act);
  auto buffer = std::make_unique<tfl::BufferT>();
  buffer->data.resize(sizeof(c.pads));
  std::memcpy(buffer->data.data(), c.pads.data(), sizeof(c.pads));
  ir.buffers.push_back(std::move(buffer));
  const int32_t paddings = add_tensor(DType::kInt32, {4, 2}, static_cast<uint32_t>(ir.buffers.size() - 1), {});
  auto code = std::make_unique<tfl::OperatorCodeT>();
  code->builtin_code = tfl::BuiltinOperator_PAD;
  code->deprecated_builtin_code = static_cast<int8_t>(tfl::BuiltinOperator_PAD);
  code->version = c.int8 ? 2 : 1;
  ir.operator_codes.push_back(std::move(code));
  auto pad = std::make_unique<tfl::OperatorT>();
  pad->opcode_index = static_cast<uint32_t>(ir.operator_codes.size() - 1);
  pad->inputs = {pad_input, paddings};
  pad->outputs = {conv_input};
  pad->builtin_options.Set(tfl::PadOptionsT{});
  graph.operators.insert(graph.operators.begin(), std::move(pad));
  graph.inputs = {pad_input};
  if (c.pad_is_graph_output) graph.outputs.push_back(conv_input);
  return model;
}

// Whether the XNNPACK PAD node skips its copy, as its profile entry says.
bool PadCopySkipped(const Model& model) {
  InterpreterOptions options;
  options.backend = Backend::kXnnpack;
  auto interpreter = Interpreter::Create(model, options);
  EXPECT_TRUE(interpreter) << interpreter.error().message;
  if (!interpreter) return false;
  const auto& profile = (*interpreter)->profile();
  EXPECT_FALSE(profile.empty());
  return !profile.empty() && profile[0].kernel.find("absorbed") != std::string::npos;
}

// The PAD's output as a tensor observer sees it, on `backend`.
std::vector<uint8_t> ObservedPadOutput(const Model& model, Backend backend, int32_t pad_output) {
  InterpreterOptions options;
  options.backend = backend;
  std::vector<uint8_t> seen;
  options.tensor_observer = [&](int index, const Tensor& tensor) {
    if (index == pad_output) seen.assign(tensor.data, tensor.data + tensor.bytes);
  };
  auto interpreter = Interpreter::Create(model, options);
  EXPECT_TRUE(interpreter) << interpreter.error().message;
  if (!interpreter) return seen;
  FillRandom((*interpreter)->input(0), 5);
  EXPECT_TRUE((*interpreter)->Invoke());
  return seen;
}

void Check(const FusionCase& c, bool expect_skipped, const std::string& what) {
  std::mt19937 rng(7);
  auto model = BuildPadConv(c, rng);
  ASSERT_TRUE(model) << what << ": " << model.error().message;
  ExpectParity(*model, c.depthwise ? "xnnpack/DEPTHWISE_CONV_2D" : "xnnpack/CONV_2D", what, 1, 3);
  ExpectParity(*model, c.depthwise ? "xnnpack/DEPTHWISE_CONV_2D" : "xnnpack/CONV_2D", what + " (2 threads)", 2, 4);
  EXPECT_EQ(PadCopySkipped(*model), expect_skipped) << what;
  const int32_t pad_output = model->ir().subgraphs[0]->operators[0]->outputs[0];
  const auto observed = ObservedPadOutput(*model, Backend::kXnnpack, pad_output);
  EXPECT_FALSE(observed.empty()) << what;
  EXPECT_EQ(observed, ObservedPadOutput(*model, Backend::kReference, pad_output)) << what << ": observed PAD output";
}

TEST(XnnpackPadFusionTest, SymmetricPadBeforeStridedConvIsAbsorbed) {
  EP_SKIP_WITHOUT_XNNPACK();
  Check(FusionCase{}, true, "conv 3x3/2 VALID after pad 1");
  FusionCase odd;
  odd.h = 11, odd.w = 6, odd.c = 3, odd.out_c = 16;  // the models' first layer shape class
  Check(odd, true, "conv odd sizes");
}

TEST(XnnpackPadFusionTest, DepthwiseAndInt8AreAbsorbed) {
  EP_SKIP_WITHOUT_XNNPACK();
  FusionCase dw;
  dw.depthwise = true, dw.k = 5, dw.pads = {0, 0, 2, 2, 2, 2, 0, 0}, dw.c = 12;
  Check(dw, true, "depthwise 5x5/2 after pad 2");
  FusionCase q;
  q.int8 = true;
  Check(q, true, "int8 conv after pad 1");
  q.depthwise = true;
  Check(q, true, "int8 depthwise after pad 1");
}

TEST(XnnpackPadFusionTest, AsymmetricPadBeforeSameConvAddsUp) {
  EP_SKIP_WITHOUT_XNNPACK();
  FusionCase c;
  c.pads = {0, 0, 0, 2, 1, 0, 0, 0};
  c.same = true;
  c.stride = 1;
  Check(c, true, "asymmetric pad then SAME conv");
}

TEST(XnnpackPadFusionTest, PadStillRunsWhenItsOutputIsNeededOrPadsChannels) {
  EP_SKIP_WITHOUT_XNNPACK();
  FusionCase output;
  output.pad_is_graph_output = true;
  Check(output, false, "pad output is a graph output");
  FusionCase channels;
  channels.pads = {0, 0, 1, 1, 1, 1, 0, 3};
  Check(channels, false, "pad of the channel dim");
}

// An observer that asks not to see the PAD's output (InterpreterOptions::observes) keeps the PAD
// fused: the PAD node skips its copy, the observer never sees its tensor, and the convolution's
// output it does see equals the reference kernels' (which run the PAD).
TEST(XnnpackPadFusionTest, PadStaysAbsorbedWhenTheObserverSkipsItsOutput) {
  EP_SKIP_WITHOUT_XNNPACK();
  std::mt19937 rng(7);
  auto model = BuildPadConv(FusionCase{}, rng);
  ASSERT_TRUE(model) << model.error().message;
  const auto& graph = *model->ir().subgraphs[0];
  const int32_t pad_output = graph.operators[0]->outputs[0], conv_output = graph.operators[1]->outputs[0];
  auto observed_run = [&](Backend backend, std::string* pad_kernel) {
    std::map<int, std::vector<uint8_t>> seen;
    InterpreterOptions options;
    options.backend = backend;
    options.observes = [&](int index) { return index != pad_output; };
    options.tensor_observer = [&](int index, const Tensor& tensor) {
      seen[index].assign(tensor.data, tensor.data + tensor.bytes);
    };
    auto interpreter = Interpreter::Create(*model, options);
    EXPECT_TRUE(interpreter) << interpreter.error().message;
    if (!interpreter) return seen;
    *pad_kernel = (*interpreter)->profile().at(0).kernel;
    FillRandom((*interpreter)->input(0), 5);
    EXPECT_TRUE((*interpreter)->Invoke());
    return seen;
  };
  std::string xnnpack_pad, reference_pad;
  const auto fast = observed_run(Backend::kXnnpack, &xnnpack_pad);
  const auto reference = observed_run(Backend::kReference, &reference_pad);
  EXPECT_NE(xnnpack_pad.find("absorbed"), std::string::npos) << xnnpack_pad;
  EXPECT_EQ(fast.count(pad_output), 0u);
  EXPECT_EQ(reference.count(pad_output), 0u);
  ASSERT_EQ(fast.count(conv_output), 1u);
  ASSERT_EQ(reference.count(conv_output), 1u);
  const auto& a = fast.at(conv_output);
  const auto& b = reference.at(conv_output);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); i += sizeof(float)) {
    float x, y;
    std::memcpy(&x, &a[i], sizeof(x));
    std::memcpy(&y, &b[i], sizeof(y));
    EXPECT_NEAR(x, y, 1e-4f * std::max(1.f, std::fabs(y))) << i / sizeof(float);
  }
}

}  // namespace
}  // namespace edgepose::testing
