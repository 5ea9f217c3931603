// Test helper (header only, used by the *_test.cc files here): runs one model on the reference
// backend and on XNNPACK with the same seeded random inputs and compares every output:
// float32 within 1e-4 x (max|reference| + 1), int8 and uint8 within ±1 quantization step. It also
// checks that the XNNPACK run really used the XNNPACK kernel for the op (not a silent fallback), so a passing
// test always compared two different implementations.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "edgepose/interpreter.h"
#include "edgepose/model.h"

namespace edgepose::testing {

struct BackendRun {
  std::vector<Tensor> outputs;                 // shape/type of each output
  std::vector<std::vector<uint8_t>> output_bytes;
  std::vector<std::string> kernels;            // kernel name per executed node
};

inline void FillRandom(Tensor& tensor, uint32_t seed) {
  std::mt19937 rng(seed);
  const int64_t n = tensor.num_elements();
  switch (tensor.type) {
    case DType::kFloat32: {
      std::uniform_real_distribution<float> dist(-2.f, 2.f);
      for (int64_t i = 0; i < n; ++i) tensor.data_as<float>()[i] = dist(rng);
      break;
    }
    case DType::kInt8: {
      std::uniform_int_distribution<int> dist(-128, 127);
      for (int64_t i = 0; i < n; ++i) tensor.data_as<int8_t>()[i] = static_cast<int8_t>(dist(rng));
      break;
    }
    case DType::kInt32: {
      std::uniform_int_distribution<int32_t> dist(-1000, 1000);
      for (int64_t i = 0; i < n; ++i) tensor.data_as<int32_t>()[i] = dist(rng);
      break;
    }
    default: {
      std::uniform_int_distribution<int> dist(0, 255);
      for (size_t i = 0; i < tensor.bytes; ++i) tensor.data[i] = static_cast<uint8_t>(dist(rng));
    }
  }
}

inline Result<BackendRun> RunOnBackend(const Model& model, Backend backend, int threads, uint32_t seed,
                                       int invokes = 1) {
  InterpreterOptions options;
  options.backend = backend;
  options.num_threads = threads;
  EP_ASSIGN_OR_RETURN(auto interpreter, Interpreter::Create(model, options));
  for (size_t i = 0; i < interpreter->input_count(); ++i)
    FillRandom(interpreter->input(i), seed + static_cast<uint32_t>(i) * 7919u);
  for (int k = 0; k < invokes; ++k) EP_RETURN_IF_ERROR(interpreter->Invoke());
  BackendRun run;
  for (size_t i = 0; i < interpreter->output_count(); ++i) {
    const Tensor& out = interpreter->output(i);
    run.outputs.push_back(out);
    run.output_bytes.emplace_back(out.data, out.data + out.bytes);
  }
  for (const NodeProfile& node : interpreter->profile()) run.kernels.push_back(node.kernel);
  return run;
}

// Compares two runs output by output; `what` names the case in failure messages.
inline void ExpectSameOutputs(const BackendRun& ref, const BackendRun& fast, const std::string& what,
                              double float_tolerance = 1e-4, int int8_steps = 1) {
  ASSERT_EQ(ref.outputs.size(), fast.outputs.size()) << what;
  for (size_t o = 0; o < ref.outputs.size(); ++o) {
    const Tensor& r = ref.outputs[o];
    ASSERT_EQ(r.shape, fast.outputs[o].shape) << what << " output " << o;
    ASSERT_EQ(ref.output_bytes[o].size(), fast.output_bytes[o].size()) << what;
    const int64_t n = r.num_elements();
    if (r.type == DType::kFloat32) {
      const auto* a = reinterpret_cast<const float*>(ref.output_bytes[o].data());
      const auto* b = reinterpret_cast<const float*>(fast.output_bytes[o].data());
      double max_ref = 0, max_diff = 0;
      int64_t worst = 0;
      for (int64_t i = 0; i < n; ++i) max_ref = std::max(max_ref, std::fabs(static_cast<double>(a[i])));
      for (int64_t i = 0; i < n; ++i) {
        const double diff = std::fabs(static_cast<double>(a[i]) - b[i]);
        if (!(diff <= max_diff)) worst = i;
        max_diff = std::max(max_diff, std::isnan(diff) ? INFINITY : diff);
      }
      EXPECT_LE(max_diff, float_tolerance * (max_ref + 1.0))
          << what << " output " << o << ": worst element " << worst << " reference " << a[worst] << " xnnpack "
          << b[worst];
    } else if (r.type == DType::kInt8 || r.type == DType::kUInt8) {
      auto element = [&](const std::vector<uint8_t>& bytes, int64_t i) {
        return r.type == DType::kInt8 ? static_cast<int>(static_cast<int8_t>(bytes[static_cast<size_t>(i)]))
                                      : static_cast<int>(bytes[static_cast<size_t>(i)]);
      };
      int max_diff = 0;
      int64_t worst = 0;
      for (int64_t i = 0; i < n; ++i) {
        const int diff = std::abs(element(ref.output_bytes[o], i) - element(fast.output_bytes[o], i));
        if (diff > max_diff) max_diff = diff, worst = i;
      }
      EXPECT_LE(max_diff, int8_steps) << what << " output " << o << ": element " << worst << " reference "
                                      << element(ref.output_bytes[o], worst) << " xnnpack "
                                      << element(fast.output_bytes[o], worst);
    } else {
      EXPECT_EQ(ref.output_bytes[o], fast.output_bytes[o]) << what << " output " << o;
    }
  }
}

// Runs `model` on both backends (XNNPACK with `threads`), requires that the XNNPACK run used
// `xnnpack_kernel` for some node, and compares outputs.
inline void ExpectParity(const Model& model, const std::string& xnnpack_kernel, const std::string& what,
                         int threads = 1, uint32_t seed = 1) {
  auto ref = RunOnBackend(model, Backend::kReference, 1, seed);
  ASSERT_TRUE(ref) << what << ": " << ref.error().message;
  auto fast = RunOnBackend(model, Backend::kXnnpack, threads, seed);
  ASSERT_TRUE(fast) << what << ": " << fast.error().message;
  // A kernel may carry a note on how it runs the node: "xnnpack/CONV_2D (int8 GEMM on VNNI)".
  const auto took = [&](const std::string& kernel) {
    return kernel == xnnpack_kernel || kernel.rfind(xnnpack_kernel + " (", 0) == 0;
  };
  EXPECT_TRUE(std::any_of(fast->kernels.begin(), fast->kernels.end(), took))
      << what << ": XNNPACK did not take the node (kernel " << (fast->kernels.empty() ? "?" : fast->kernels[0])
      << ")";
  ExpectSameOutputs(*ref, *fast, what);
}

#define EP_SKIP_WITHOUT_XNNPACK()                                                      \
  do {                                                                                 \
    if (!::edgepose::BackendAvailable(::edgepose::Backend::kXnnpack))                  \
      GTEST_SKIP() << "built without XNNPACK (-DEDGEPOSE_WITH_XNNPACK=OFF)";           \
  } while (0)

}  // namespace edgepose::testing
