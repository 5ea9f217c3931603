// Test-only helpers for the spatial kernel tests: run a OneOpModel on the reference backend and
// read its first output, plus seeded random data.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "edgepose/interpreter.h"
#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {

// Builds and runs `model` with `inputs` (raw values per graph input, in order); returns output 0,
// or the Create/Invoke error.
template <class Out, class... In>
Result<std::vector<Out>> RunReference(OneOpModel& builder, Shape* out_shape, const std::vector<In>&... inputs) {
  EP_ASSIGN_OR_RETURN(Model model, builder.Build());
  InterpreterOptions options;
  options.backend = Backend::kReference;
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, options));
  size_t index = 0;
  (Fill(interpreter->input(index++), inputs), ...);
  EP_RETURN_IF_ERROR(interpreter->Invoke());
  if (out_shape) *out_shape = interpreter->output(0).shape;
  return Read<Out>(interpreter->output(0));
}

// The error message Interpreter::Create gives for the model (empty when it succeeds).
inline std::string CreateError(OneOpModel& builder) {
  auto model = builder.Build();
  if (!model) return model.error().message;
  InterpreterOptions options;
  options.backend = Backend::kReference;
  auto interpreter = Interpreter::Create(*model, options);
  return interpreter ? std::string() : interpreter.error().message;
}

template <class T = float>
std::vector<T> RandomValues(size_t count, std::mt19937& rng, double low = -1.0, double high = 1.0) {
  std::vector<T> values(count);
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<double> dist(low, high);
    for (T& v : values) v = static_cast<T>(dist(rng));
  } else {
    std::uniform_int_distribution<int64_t> dist(static_cast<int64_t>(low), static_cast<int64_t>(high));
    for (T& v : values) v = static_cast<T>(dist(rng));
  }
  return values;
}

}  // namespace edgepose::testing
