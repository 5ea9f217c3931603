#include "quant/passes/weight_rounding.h"

#include <algorithm>
#include <cstddef>
#include <numeric>

#include "quant/gptq.h"

namespace edgepose::quant {

Result<WeightRounding> ParseWeightRounding(const std::string& name) {
  if (name == "nearest") return WeightRounding::kNearest;
  if (name == "gptq") return WeightRounding::kGptq;
  return MakeError("weight rounding '" + name + "': expected nearest or gptq");
}

const char* WeightRoundingName(WeightRounding rounding) {
  return rounding == WeightRounding::kGptq ? "gptq" : "nearest";
}

namespace {

// The weights as rows (one per output channel) of `length` entries in patch order.
struct RowLayout {
  int rows = 0, length = 0;
  int rows_per_group = 1;    // depthwise multiplier M; conv / FC: all rows share group 0
  bool depthwise = false;
  size_t Index(int row, int k) const {
    return depthwise ? static_cast<size_t>(k) * rows + row : static_cast<size_t>(row) * length + k;
  }
  int Group(int row) const { return depthwise ? row / rows_per_group : 0; }
};

Result<RowLayout> LayoutOf(tfl::BuiltinOperator op, const Shape& shape, const LayerStats& stats) {
  RowLayout layout;
  const std::string what = std::string(OpName(op)) + " weights " + ShapeToString(shape);
  if (op == tfl::BuiltinOperator_DEPTHWISE_CONV_2D) {
    if (shape.size() != 4 || stats.groups < 1 || shape[3] % stats.groups != 0 || shape[1] * shape[2] != stats.dim)
      return MakeError(what + " do not match the input statistics");
    layout.depthwise = true;
    layout.rows = shape[3];
    layout.length = stats.dim;
    layout.rows_per_group = shape[3] / stats.groups;
    return layout;
  }
  if (shape.empty() || stats.groups != 1 || NumElements(shape) != static_cast<int64_t>(shape[0]) * stats.dim)
    return MakeError(what + " do not match the input statistics");
  layout.rows = shape[0];
  layout.length = stats.dim;
  return layout;
}

}  // namespace

Status RoundLayerWeights(tfl::BuiltinOperator op, const std::vector<float>& values, const Shape& shape,
                         const LayerStats& stats, const WeightRoundingOptions& options, QuantizedWeights* qw,
                         std::vector<float>* bias_shift) {
  bias_shift->clear();
  EP_ASSIGN_OR_RETURN(const RowLayout layout, LayoutOf(op, shape, stats));
  if (values.size() != qw->values.size() || static_cast<int64_t>(values.size()) != NumElements(shape))
    return MakeError(std::string(OpName(op)) + ": weight count mismatch");
  const auto scale_of = [&](int row) { return qw->scales[qw->scales.size() == 1 ? 0 : static_cast<size_t>(row)]; };
  const size_t n = static_cast<size_t>(layout.length);
  const int groups = layout.depthwise ? stats.groups : 1;

  if (options.method == WeightRounding::kGptq) {
    for (int g = 0; g < groups; ++g) {
      std::vector<int> members;
      for (int r = 0; r < layout.rows; ++r)
        if (layout.Group(r) == g) members.push_back(r);
      if (members.empty()) continue;
      // Dampening as the paper; should H still not factor (numerically singular), dampen harder,
      // and as a last resort leave this group's nearest rounding in place.
      // Visiting order: index order, or with act_order the inputs with the largest E[x²] first
      // (the paper's "act-order": their errors are the costliest, so they are fixed while the
      // most entries are left to compensate).
      const double* h_group = &stats.second_moment[static_cast<size_t>(g) * n * n];
      std::vector<size_t> order(n);
      std::iota(order.begin(), order.end(), size_t{0});
      if (options.act_order)
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return h_group[a * n + a] > h_group[b * n + b]; });
      std::vector<float> u;
      bool factored = false;
      for (double damp = options.damp; !factored && damp <= 100.0 * options.damp + 1e-12; damp *= 10.0) {
        std::vector<double> h(n * n);
        for (size_t a = 0; a < n; ++a)
          for (size_t b = 0; b < n; ++b) h[a * n + b] = h_group[order[a] * n + order[b]];
        DampenSecondMoment(h, layout.length, damp);
        factored = InverseCholeskyUpper(std::vector<float>(h.begin(), h.end()), layout.length, &u);
      }
      if (!factored) continue;
      std::vector<float> rows(members.size() * n), scales(members.size());
      for (size_t m = 0; m < members.size(); ++m) {
        scales[m] = scale_of(members[m]);
        for (size_t k = 0; k < n; ++k) rows[m * n + k] = values[layout.Index(members[m], static_cast<int>(order[k]))];
      }
      const std::vector<int8_t> q = GptqRoundRows(rows, static_cast<int>(members.size()), layout.length, scales, u);
      for (size_t m = 0; m < members.size(); ++m)
        for (size_t k = 0; k < n; ++k) qw->values[layout.Index(members[m], static_cast<int>(order[k]))] = q[m * n + k];
    }
  }

  if (options.bias_correction) {
    bias_shift->assign(static_cast<size_t>(layout.rows), 0.f);
    for (int r = 0; r < layout.rows; ++r) {
      const double* mean = &stats.mean[static_cast<size_t>(layout.Group(r)) * n];
      const double scale = scale_of(r);
      double shift = 0.0;
      for (size_t k = 0; k < n; ++k) {
        const size_t index = layout.Index(r, static_cast<int>(k));
        shift += (static_cast<double>(values[index]) - qw->values[index] * scale) * mean[k];
      }
      (*bias_shift)[static_cast<size_t>(r)] = static_cast<float>(shift);
    }
  }
  return Ok();
}

}  // namespace edgepose::quant
