// Test-only: a one-op binary elementwise model (two graph inputs, one output, optional options).
#pragma once

#include <type_traits>

#include "runtime/testing/one_op_model.h"

namespace edgepose::testing {

template <class Options = void>
OneOpModel BinaryModel(tfl::BuiltinOperator op, DType type, const Shape& a, const Shape& b,
                       const Options* options = nullptr, const QuantParams& quant = {}) {
  OneOpModel m(op);
  m.AddInput(type, a, quant);
  m.AddInput(type, b, quant);
  m.AddOutput(type, {}, quant);
  if constexpr (!std::is_void_v<Options>)
    if (options) {
      Options copy = *options;
      m.options().Set(std::move(copy));
    }
  return m;
}

}  // namespace edgepose::testing
