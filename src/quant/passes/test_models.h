// Small float models built in memory for the quantizer tests (header-only, test use only).
#pragma once

#include <memory>
#include <vector>

#include "edgepose/model.h"
#include "model/test_util.h"
#include "quant/passes/graph_edit.h"

namespace edgepose::quant::testing {

// input [1,4,4,2] -> CONV_2D (1x1, 3 filters, bias, RELU) -> "conv" [1,4,4,3]
//   -> RESHAPE -> "flat" [1,48] -> LOGISTIC -> "prob" [1,48] (graph output).
// Tensor indices: 0 input, 1 filter, 2 bias, 3 conv, 4 shape, 5 flat, 6 prob.
inline std::unique_ptr<tfl::ModelT> ConvReshapeLogisticModel() {
  using edgepose::model::testing::MakeBuffer;
  using edgepose::model::testing::MakeTensor;
  auto model = std::make_unique<tfl::ModelT>();
  model->version = 3;
  model->buffers.push_back(MakeBuffer());
  auto subgraph = std::make_unique<tfl::SubGraphT>();
  auto add_const = [&](const std::string& name, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
                       tfl::TensorType type) {
    auto buffer = std::make_unique<tfl::BufferT>();
    buffer->data = std::move(bytes);
    model->buffers.push_back(std::move(buffer));
    subgraph->tensors.push_back(MakeTensor(name, std::move(shape), model->buffers.size() - 1, type));
  };
  auto floats = [](std::vector<float> v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
  };
  subgraph->tensors.push_back(MakeTensor("input", {1, 4, 4, 2}, 0));
  add_const("filter", {3, 1, 1, 2}, floats({0.5f, -0.25f, 1.f, 2.f, -0.1f, 0.05f}), tfl::TensorType_FLOAT32);
  add_const("bias", {3}, floats({0.1f, -0.2f, 0.3f}), tfl::TensorType_FLOAT32);
  subgraph->tensors.push_back(MakeTensor("conv", {1, 4, 4, 3}, 0));
  std::vector<int32_t> shape = {1, 48};
  std::vector<uint8_t> shape_bytes(8);
  std::memcpy(shape_bytes.data(), shape.data(), 8);
  add_const("shape", {2}, shape_bytes, tfl::TensorType_INT32);
  subgraph->tensors.push_back(MakeTensor("flat", {1, 48}, 0));
  subgraph->tensors.push_back(MakeTensor("prob", {1, 48}, 0));
  subgraph->inputs = {0};
  subgraph->outputs = {6};
  model->subgraphs.push_back(std::move(subgraph));
  auto& sg = *model->subgraphs[0];
  auto conv = MakeOperator(*model, tfl::BuiltinOperator_CONV_2D, {0, 1, 2}, {3});
  tfl::Conv2DOptionsT conv_options;
  conv_options.padding = tfl::Padding_SAME;
  conv_options.stride_w = conv_options.stride_h = 1;
  conv_options.fused_activation_function = tfl::ActivationFunctionType_RELU;
  conv->builtin_options.Set(conv_options);
  sg.operators.push_back(std::move(conv));
  auto reshape = MakeOperator(*model, tfl::BuiltinOperator_RESHAPE, {3, 4}, {5});
  tfl::ReshapeOptionsT reshape_options;
  reshape_options.new_shape = {1, 48};
  reshape->builtin_options.Set(reshape_options);
  sg.operators.push_back(std::move(reshape));
  sg.operators.push_back(MakeOperator(*model, tfl::BuiltinOperator_LOGISTIC, {5}, {6}));
  return model;
}

}  // namespace edgepose::quant::testing
