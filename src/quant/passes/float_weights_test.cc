#include "quant/passes/float_weights.h"

#include <cstring>

#include <gtest/gtest.h>

#include "core/float16.h"
#include "model/passes/fold_constants.h"
#include "model/passes/remove_dead_tensors.h"
#include "quant/passes/graph_edit.h"
#include "quant/passes/test_models.h"

namespace edgepose::quant {
namespace {

TEST(FloatWeightsTest, Float16StoresHalvesBehindDequantizeAndFoldsBackToTheSameFloats) {
  auto ir = testing::ConvReshapeLogisticModel();
  auto converted = ConvertWeightsToFloat16(*ir);
  ASSERT_TRUE(converted.has_value()) << converted.error().message;
  EXPECT_EQ(*converted, 2);  // filter and bias (the int32 shape stays)
  const auto& sg = *ir->subgraphs[0];
  ASSERT_EQ(sg.operators.size(), 5u);
  EXPECT_EQ(OperatorOf(*ir, *sg.operators[0]), tfl::BuiltinOperator_DEQUANTIZE);
  EXPECT_EQ(sg.tensors[sg.operators[0]->inputs[0]]->type, tfl::TensorType_FLOAT16);
  EXPECT_FALSE(IsConstant(*ir, *sg.tensors[sg.operators[0]->outputs[0]]));

  auto model = Model::FromIr(std::move(ir), "float16");
  ASSERT_TRUE(model.has_value()) << model.error().message;
  ASSERT_TRUE(model::RemoveDeadTensors(*model).has_value());
  for (const auto& t : model->ir().subgraphs[0]->tensors) EXPECT_NE(t->type == tfl::TensorType_FLOAT32 &&
                                                                        IsConstant(model->ir(), *t), true) << t->name;
  ASSERT_TRUE(model::FoldConstants(*model).has_value());
  ASSERT_EQ(model->ir().subgraphs[0]->operators.size(), 3u);
  bool found = false;
  for (const auto& t : model->ir().subgraphs[0]->tensors) {
    if (t->name != "filter") continue;
    found = true;
    const auto values = ConstantFloats(model->ir(), *t);
    ASSERT_EQ(values.size(), 6u);
    EXPECT_EQ(values[0], 0.5f);                               // exact in binary16
    EXPECT_EQ(values[4], HalfToFloat(FloatToHalf(-0.1f)));   // rounded to binary16
    EXPECT_NE(values[4], -0.1f);
  }
  EXPECT_TRUE(found);
}

TEST(FloatWeightsTest, AlreadyQuantizedModelIsRefused) {
  auto model = testing::ConvReshapeLogisticModel();
  auto& filter = *model->subgraphs[0]->tensors[1];
  filter.type = tfl::TensorType_INT8;
  SetQuantization(filter, {0.1f, 0.1f, 0.1f}, {0, 0, 0}, 0);
  auto status = CheckFloatModel(*model);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("already quantized"), std::string::npos);
  EXPECT_TRUE(CheckFloatModel(*testing::ConvReshapeLogisticModel()).has_value());
}

}  // namespace
}  // namespace edgepose::quant
