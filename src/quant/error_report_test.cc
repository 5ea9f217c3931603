#include "quant/error_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "model/passes/remove_dead_tensors.h"
#include "quant/passes/quantize_graph.h"
#include "quant/passes/test_models.h"

namespace edgepose::quant {
namespace {

const TensorError* Row(const ErrorReport& report, const std::string& name) {
  auto it = std::find_if(report.tensors.begin(), report.tensors.end(), [&](const auto& t) { return t.name == name; });
  return it == report.tensors.end() ? nullptr : &*it;
}

// "conv" (RELU, values up to ~2.8 on these inputs) quantized over [0, 0.5] only, as a narrowed
// range would be: compared raw its error is the clipping; compared within [0, 0.5] only rounding.
TEST(ErrorReportTest, NarrowedTensorIsComparedWithinItsRange) {
  auto quantized_ir = testing::ConvReshapeLogisticModel();
  const std::map<int, Range> ranges = {{0, {-1.f, 1.f}}, {3, {0.f, 0.5f}}, {5, {0.f, 0.5f}}, {6, {0.5f, 1.f}}};
  ASSERT_TRUE(QuantizeGraph(*quantized_ir, ranges, {}).has_value());
  auto float_model = Model::FromIr(testing::ConvReshapeLogisticModel(), "float");
  auto quantized = Model::FromIr(std::move(quantized_ir), "int8");
  ASSERT_TRUE(float_model.has_value() && quantized.has_value());
  ASSERT_TRUE(model::RemoveDeadTensors(*quantized).has_value());
  std::vector<CalibrationSample> samples(4);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  for (auto& s : samples) {
    s.source = "random";
    s.data.resize(32);
    for (auto& v : s.data) v = dist(rng);
  }
  auto raw = MeasureQuantizationError(*float_model, *quantized, samples);
  auto within = MeasureQuantizationError(*float_model, *quantized, samples, {{"conv", {0.f, 0.5f}}});
  ASSERT_TRUE(raw.has_value()) << raw.error().message;
  ASSERT_TRUE(within.has_value()) << within.error().message;
  const TensorError* raw_conv = Row(*raw, "conv");
  const TensorError* within_conv = Row(*within, "conv");
  ASSERT_TRUE(raw_conv && within_conv);
  EXPECT_FALSE(raw_conv->narrowed);
  EXPECT_TRUE(within_conv->narrowed);
  EXPECT_GT(raw_conv->max_abs_error, 1.0);                      // clipped from ~2.8 to 0.5
  EXPECT_LT(within_conv->max_abs_error, 0.05);  // rounding of input, weights and output only
  EXPECT_GT(within_conv->sqnr_db, raw_conv->sqnr_db + 20.0);
}

}  // namespace
}  // namespace edgepose::quant
