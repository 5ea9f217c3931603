#include "quant/passes/quantize_graph.h"

#include <cmath>
#include <cstring>
#include <set>

#include <gtest/gtest.h>

#include "model/passes/remove_dead_tensors.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/op_rules.h"
#include "quant/passes/test_models.h"

namespace edgepose::quant {
namespace {

const tfl::TensorT* FindTensor(const tfl::ModelT& model, const std::string& name) {
  for (const auto& t : model.subgraphs[0]->tensors)
    if (t->name == name) return t.get();
  return nullptr;
}

std::vector<tfl::BuiltinOperator> Ops(const tfl::ModelT& model) {
  std::vector<tfl::BuiltinOperator> ops;
  for (const auto& op : model.subgraphs[0]->operators) ops.push_back(OperatorOf(model, *op));
  return ops;
}

int VersionOf(const tfl::ModelT& model, tfl::BuiltinOperator op) {
  for (const auto& code : model.operator_codes)
    if (BuiltinCode(*code) == op) return code->version;
  return 0;
}

// Ranges by tensor index of the test model: input [-1, 1], conv [0, 6], flat [0, 6], prob [0.5, 1].
std::map<int, Range> TestRanges() { return {{0, {-1.f, 1.f}}, {3, {0.f, 6.f}}, {5, {0.f, 6.f}}, {6, {0.5f, 1.f}}}; }

TEST(QuantizeGraphTest, Int8WithFloatIoFollowsTheSpec) {
  auto model = testing::ConvReshapeLogisticModel();
  auto summary = QuantizeGraph(*model, TestRanges(), {});
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->quantized_ops, 3);
  EXPECT_EQ(Ops(*model), (std::vector<tfl::BuiltinOperator>{
                             tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_CONV_2D, tfl::BuiltinOperator_RESHAPE,
                             tfl::BuiltinOperator_LOGISTIC, tfl::BuiltinOperator_DEQUANTIZE}));
  // Model I/O stays float and keeps its names.
  const auto& sg = *model->subgraphs[0];
  EXPECT_EQ(sg.tensors[sg.inputs[0]]->name, "input");
  EXPECT_EQ(sg.tensors[sg.inputs[0]]->type, tfl::TensorType_FLOAT32);
  EXPECT_EQ(sg.tensors[sg.outputs[0]]->name, "prob");
  EXPECT_EQ(sg.tensors[sg.outputs[0]]->type, tfl::TensorType_FLOAT32);
  // Weights: symmetric per channel along dim 0, scale = max|w_c| / 127.
  const auto* filter = FindTensor(*model, "filter_int8");
  ASSERT_NE(filter, nullptr);
  EXPECT_EQ(filter->type, tfl::TensorType_INT8);
  ASSERT_EQ(filter->quantization->scale.size(), 3u);
  EXPECT_FLOAT_EQ(filter->quantization->scale[0], 0.5f / 127.f);
  EXPECT_FLOAT_EQ(filter->quantization->scale[1], 2.f / 127.f);
  EXPECT_FLOAT_EQ(filter->quantization->scale[2], 0.1f / 127.f);
  EXPECT_EQ(filter->quantization->quantized_dimension, 0);
  // Bias int32, scale input_scale * weight_scale, zero points 0.
  const auto* input_q = FindTensor(*model, "input_int8");
  ASSERT_NE(input_q, nullptr);
  const float input_scale = input_q->quantization->scale[0];
  EXPECT_FLOAT_EQ(input_scale, 2.f / 255.f);
  const auto* bias = FindTensor(*model, "bias_int32");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(bias->type, tfl::TensorType_INT32);
  EXPECT_FLOAT_EQ(bias->quantization->scale[1], input_scale * 2.f / 127.f);
  int32_t bias_values[3];
  std::memcpy(bias_values, model->buffers[bias->buffer]->data.data(), 12);
  EXPECT_EQ(bias_values[1], static_cast<int32_t>(std::lround(-0.2 / (input_scale * (2.0 / 127.0)))));
  // Conv output from its range [0, 6]; RESHAPE shares it; LOGISTIC has the fixed 1/256, -128.
  const auto* conv = FindTensor(*model, "conv");
  EXPECT_EQ(conv->type, tfl::TensorType_INT8);
  EXPECT_FLOAT_EQ(conv->quantization->scale[0], 6.f / 255.f);
  EXPECT_EQ(conv->quantization->zero_point[0], -128);
  const auto* flat = FindTensor(*model, "flat");
  EXPECT_EQ(flat->quantization->scale[0], conv->quantization->scale[0]);
  EXPECT_EQ(flat->quantization->zero_point[0], conv->quantization->zero_point[0]);
  const auto* prob = FindTensor(*model, "prob_int8");
  ASSERT_NE(prob, nullptr);
  EXPECT_FLOAT_EQ(prob->quantization->scale[0], 1.f / 256.f);
  EXPECT_EQ(prob->quantization->zero_point[0], -128);
  // TFLite versions: int8 CONV_2D 3, LOGISTIC 2.
  EXPECT_EQ(VersionOf(*model, tfl::BuiltinOperator_CONV_2D), 3);
  EXPECT_EQ(VersionOf(*model, tfl::BuiltinOperator_LOGISTIC), 2);
  // The result is a valid model and, once dead tensors go, the float weights are gone.
  auto valid = Model::FromIr(std::move(model), "int8");
  ASSERT_TRUE(valid.has_value()) << valid.error().message;
  ASSERT_TRUE(model::RemoveDeadTensors(*valid).has_value());
  EXPECT_EQ(FindTensor(valid->ir(), "filter"), nullptr);
}

TEST(QuantizeGraphTest, Uint8IoLeavesNoFloatTensorAndTakesCameraBytes) {
  auto model = testing::ConvReshapeLogisticModel();
  QuantizeGraphOptions options;
  options.io = IoType::kUInt8;
  options.input_range = Range{-1.f, 1.f};
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  auto valid = Model::FromIr(std::move(model), "uint8-io");
  ASSERT_TRUE(valid.has_value()) << valid.error().message;
  ASSERT_TRUE(model::RemoveDeadTensors(*valid).has_value());
  for (const auto& t : valid->ir().subgraphs[0]->tensors) EXPECT_NE(t->type, tfl::TensorType_FLOAT32) << t->name;
  const auto& sg = *valid->ir().subgraphs[0];
  const auto& input = *sg.tensors[sg.inputs[0]];
  EXPECT_EQ(input.type, tfl::TensorType_UINT8);
  EXPECT_FLOAT_EQ(input.quantization->scale[0], 1.f / 127.5f);
  EXPECT_EQ(input.quantization->zero_point[0], 128);
  const auto& output = *sg.tensors[sg.outputs[0]];
  EXPECT_EQ(output.name, "prob");
  EXPECT_EQ(output.type, tfl::TensorType_UINT8);
  EXPECT_FLOAT_EQ(output.quantization->scale[0], 1.f / 256.f);
  EXPECT_EQ(output.quantization->zero_point[0], 0);  // int8 -128 shifted by 128
  // uint8 -> int8 at the input, int8 -> uint8 at the output, both QUANTIZE.
  EXPECT_EQ(Ops(valid->ir()).front(), tfl::BuiltinOperator_QUANTIZE);
  EXPECT_EQ(Ops(valid->ir()).back(), tfl::BuiltinOperator_QUANTIZE);
}

TEST(QuantizeGraphTest, Int16x8UsesSymmetricInt16AndInt64Bias) {
  auto model = testing::ConvReshapeLogisticModel();
  QuantizeGraphOptions options;
  options.activation_type = DType::kInt16;
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  const auto* conv = FindTensor(*model, "conv");
  EXPECT_EQ(conv->type, tfl::TensorType_INT16);
  EXPECT_EQ(conv->quantization->zero_point[0], 0);
  EXPECT_FLOAT_EQ(conv->quantization->scale[0], 6.f / 32767.f);
  const auto* bias = FindTensor(*model, "bias_int64");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(bias->type, tfl::TensorType_INT64);
  EXPECT_FLOAT_EQ(FindTensor(*model, "prob_int16")->quantization->scale[0], 1.f / 32768.f);
  EXPECT_EQ(VersionOf(*model, tfl::BuiltinOperator_CONV_2D), 4);
  EXPECT_EQ(VersionOf(*model, tfl::BuiltinOperator_LOGISTIC), 3);
  EXPECT_EQ(VersionOf(*model, tfl::BuiltinOperator_QUANTIZE), 2);
}

TEST(QuantizeGraphTest, KeepFloatInsertsDequantizeBeforeTheFloatOp) {
  auto model = testing::ConvReshapeLogisticModel();
  QuantizeGraphOptions options;
  options.keep_float = {"LOGISTIC"};
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->float_ops, 1);
  EXPECT_EQ(Ops(*model), (std::vector<tfl::BuiltinOperator>{
                             tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_CONV_2D, tfl::BuiltinOperator_RESHAPE,
                             tfl::BuiltinOperator_DEQUANTIZE, tfl::BuiltinOperator_LOGISTIC}));
  const auto& sg = *model->subgraphs[0];
  EXPECT_EQ(sg.tensors[sg.outputs[0]]->type, tfl::TensorType_FLOAT32);
  EXPECT_EQ(sg.tensors[sg.outputs[0]]->name, "prob");
}

TEST(QuantizeGraphTest, Int16HeadRunsTheLastOpsIn16x8) {
  auto model = testing::ConvReshapeLogisticModel();
  // Make "flat" the output: its chain is RESHAPE <- CONV_2D.
  model->subgraphs[0]->outputs = {5};
  model->subgraphs[0]->operators.pop_back();
  QuantizeGraphOptions options;
  options.io = IoType::kInt8;
  options.heads["flat"] = HeadTreatment::kInt16;
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  const auto& sg = *model->subgraphs[0];
  EXPECT_EQ(sg.tensors[sg.outputs[0]]->type, tfl::TensorType_INT16);
  EXPECT_EQ(FindTensor(*model, "conv")->type, tfl::TensorType_INT16);
  // int8 input requantized to int16 in front of the conv.
  EXPECT_EQ(Ops(*model), (std::vector<tfl::BuiltinOperator>{tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_CONV_2D,
                                                           tfl::BuiltinOperator_RESHAPE}));
  EXPECT_EQ(sg.tensors[sg.inputs[0]]->type, tfl::TensorType_INT8);
}

TEST(QuantizeGraphTest, Int16BranchRunsTheOpsThatReachOnlyTheListedOutputsIn16x8) {
  auto model = testing::ConvReshapeLogisticModel();
  model->subgraphs[0]->outputs = {3, 6};  // "conv" and "prob": CONV_2D feeds both, RESHAPE and LOGISTIC only "prob"
  QuantizeGraphOptions options;
  options.int16_branch = {"prob"};
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(FindTensor(*model, "conv_int16")->type, tfl::TensorType_INT16);  // converted for the RESHAPE
  EXPECT_EQ(FindTensor(*model, "flat")->type, tfl::TensorType_INT16);
  EXPECT_EQ(Ops(*model), (std::vector<tfl::BuiltinOperator>{
                             tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_CONV_2D, tfl::BuiltinOperator_QUANTIZE,
                             tfl::BuiltinOperator_RESHAPE, tfl::BuiltinOperator_LOGISTIC,
                             tfl::BuiltinOperator_DEQUANTIZE, tfl::BuiltinOperator_DEQUANTIZE}));
  // The CONV_2D also reaches "conv", so it stays int8.
  const auto& sg = *model->subgraphs[0];
  const auto& conv_op = *sg.operators[1];
  EXPECT_EQ(sg.tensors[conv_op.outputs[0]]->type, tfl::TensorType_INT8);

  auto unknown = testing::ConvReshapeLogisticModel();
  options.int16_branch = {"nope"};
  auto failed = QuantizeGraph(*unknown, TestRanges(), options);
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message.find("'nope'"), std::string::npos) << failed.error().message;
}

TEST(QuantizeGraphTest, Int16TensorRunsItsProducerAndReadersIn16x8) {
  auto model = testing::ConvReshapeLogisticModel();
  QuantizeGraphOptions options;
  options.int16 = {"conv"};
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(FindTensor(*model, "conv")->type, tfl::TensorType_INT16);
  EXPECT_EQ(FindTensor(*model, "flat")->type, tfl::TensorType_INT16);  // the RESHAPE reads "conv"
  // The float input is quantized straight to int16; LOGISTIC stays int8 behind a QUANTIZE int16 -> int8.
  EXPECT_EQ(Ops(*model), (std::vector<tfl::BuiltinOperator>{
                             tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_CONV_2D,
                             tfl::BuiltinOperator_RESHAPE, tfl::BuiltinOperator_QUANTIZE, tfl::BuiltinOperator_LOGISTIC,
                             tfl::BuiltinOperator_DEQUANTIZE}));
  options.activation_type = DType::kInt16;
  auto int16x8 = testing::ConvReshapeLogisticModel();
  EXPECT_FALSE(QuantizeGraph(*int16x8, TestRanges(), options).has_value());  // --int16 is for the int8 modes
}

TEST(QuantizeGraphTest, IntegerOnlyIoFailsNamingAnOpWithoutIntegerKernel) {
  auto model = testing::ConvReshapeLogisticModel();
  // Turn LOGISTIC into EXP, which has no int8 kernel here.
  model->subgraphs[0]->operators[2]->opcode_index = OpcodeIndex(*model, tfl::BuiltinOperator_EXP);
  QuantizeGraphOptions options;
  options.io = IoType::kInt8;
  auto summary = QuantizeGraph(*model, TestRanges(), options);
  ASSERT_FALSE(summary.has_value());
  EXPECT_NE(summary.error().message.find("node 2 (EXP)"), std::string::npos) << summary.error().message;
}

// Calibration skips the outputs of ops that keep their input's params (op_rules.h): quantizing
// works without their statistics, also when such an op stays float and a quantized op reads it
// (then its source's range is used: the RESHAPE's values are the conv's).
TEST(QuantizeGraphTest, InheritedParamsTensorsNeedNoStatistics) {
  auto model = testing::ConvReshapeLogisticModel();
  EXPECT_EQ(TensorsWithInheritedParams(*model), (std::set<int>{5}));
  for (bool reshape_float : {false, true}) {
    auto copy = testing::ConvReshapeLogisticModel();
    auto ranges = TestRanges();
    ranges.erase(5);
    QuantizeGraphOptions options;
    if (reshape_float) options.keep_float = {"RESHAPE"};
    auto summary = QuantizeGraph(*copy, ranges, options);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    const auto& sg = *copy->subgraphs[0];
    const tfl::TensorT* logistic_input = nullptr;
    for (const auto& op : sg.operators)
      if (OperatorOf(*copy, *op) == tfl::BuiltinOperator_LOGISTIC) logistic_input = sg.tensors[op->inputs[0]].get();
    ASSERT_NE(logistic_input, nullptr);
    ASSERT_EQ(logistic_input->type, tfl::TensorType_INT8) << reshape_float;
    ASSERT_TRUE(logistic_input->quantization);
    EXPECT_FLOAT_EQ(logistic_input->quantization->scale[0], 6.f / 255.f) << reshape_float;  // the conv's [0, 6]
    EXPECT_EQ(logistic_input->quantization->zero_point[0], -128) << reshape_float;
  }
}

TEST(QuantizeGraphTest, MissingStatisticsAreAnError) {
  auto model = testing::ConvReshapeLogisticModel();
  auto ranges = TestRanges();
  ranges.erase(3);
  auto summary = QuantizeGraph(*model, ranges, {});
  ASSERT_FALSE(summary.has_value());
  EXPECT_NE(summary.error().message.find("\"conv\""), std::string::npos) << summary.error().message;
}

}  // namespace
}  // namespace edgepose::quant
