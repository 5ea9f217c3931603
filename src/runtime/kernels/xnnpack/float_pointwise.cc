#include "runtime/kernels/xnnpack/float_pointwise.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define EP_FLOAT_POINTWISE_AVX512 1
// GCC 12's AVX-512 headers start some conversions from _mm512_undefined_*(), which its
// -Wuninitialized reports at every inlined use (a false positive, fixed in GCC 13).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// Only these functions use AVX-512; the build stays baseline x86-64 and they run only after
// FloatPointwiseAvailable() saw the feature.
#define EP_AVX512F_TARGET __attribute__((target("avx512f")))
#endif

namespace edgepose::kernels::xnnpack {
namespace {

constexpr int kBlock = 32;      // output channels per micro-kernel: two 16-float vectors
constexpr int kMicroRows = 8;   // pixels per micro-kernel: 8 x 2 = 16 accumulators
constexpr int kTileRows = 64;   // pixels per task

}  // namespace

bool FloatPointwiseAvailable() {
#ifdef EP_FLOAT_POINTWISE_AVX512
  static const bool available = __builtin_cpu_supports("avx512f");
  return available;
#else
  return false;
#endif
}

bool FloatPointwiseApplies(const FloatPointwiseShape& s) {
  if (s.pixels < 1 || s.in_c < 32 || s.out_c < 1) return false;
  return FloatPointwiseAvailable() && (s.out_c % kBlock == 0 || s.out_c >= 2 * kBlock);
}

FloatPointwiseConv::FloatPointwiseConv(const FloatPointwiseShape& shape, const float* filter, const float* bias,
                                       float output_min, float output_max)
    : shape_(shape), output_min_(output_min), output_max_(output_max) {
  blocks_ = (shape.out_c + kBlock - 1) / kBlock;
  const size_t block_floats = static_cast<size_t>(shape.in_c) * kBlock;
  weights_.assign(block_floats * blocks_ + 16, 0.f);
  weights_offset_ = ((64 - reinterpret_cast<uintptr_t>(weights_.data()) % 64) % 64) / sizeof(float);
  float* packed = weights_.data() + weights_offset_;
  for (int n = 0; n < shape.out_c; ++n)
    for (int k = 0; k < shape.in_c; ++k)
      packed[static_cast<size_t>(n / kBlock) * block_floats + static_cast<size_t>(k) * kBlock + n % kBlock] =
          filter[static_cast<size_t>(n) * shape.in_c + k];
  bias_.assign(static_cast<size_t>(blocks_) * kBlock, 0.f);
  if (bias) std::copy(bias, bias + shape.out_c, bias_.begin());
}

#ifdef EP_FLOAT_POINTWISE_AVX512
namespace {

struct Job {
  const FloatPointwiseShape* shape;
  const float* weights;  // packed
  const float* bias;
  float lo, hi;
  int blocks;
  const float* input;
  float* output;
};

// `rows` (1..8) pixels from `in` (row stride K) times one packed 32-channel block into `out`
// (row stride C_out), `lanes` valid channels.
template <int kRows>
EP_AVX512F_TARGET void MicroKernel(const Job& job, const float* in, const float* w, const float* bias, float* out,
                                   int lanes) {
  const int k_count = job.shape->in_c;
  const size_t in_stride = static_cast<size_t>(k_count), out_stride = static_cast<size_t>(job.shape->out_c);
  __m512 acc[kRows][2];
  const __m512 b0 = _mm512_loadu_ps(bias), b1 = _mm512_loadu_ps(bias + 16);
  for (int r = 0; r < kRows; ++r) acc[r][0] = b0, acc[r][1] = b1;
  for (int k = 0; k < k_count; ++k) {
    const __m512 w0 = _mm512_load_ps(w + static_cast<size_t>(k) * kBlock);
    const __m512 w1 = _mm512_load_ps(w + static_cast<size_t>(k) * kBlock + 16);
    for (int r = 0; r < kRows; ++r) {
      const __m512 a = _mm512_set1_ps(in[r * in_stride + k]);
      acc[r][0] = _mm512_fmadd_ps(a, w0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(a, w1, acc[r][1]);
    }
  }
  const __m512 lo = _mm512_set1_ps(job.lo), hi = _mm512_set1_ps(job.hi);
  const __mmask16 m0 = static_cast<__mmask16>(lanes >= 16 ? 0xFFFF : (1u << lanes) - 1);
  const __mmask16 m1 = static_cast<__mmask16>(lanes >= 32 ? 0xFFFF : lanes <= 16 ? 0 : (1u << (lanes - 16)) - 1);
  for (int r = 0; r < kRows; ++r) {
    _mm512_mask_storeu_ps(out + r * out_stride, m0, _mm512_min_ps(_mm512_max_ps(acc[r][0], lo), hi));
    _mm512_mask_storeu_ps(out + r * out_stride + 16, m1, _mm512_min_ps(_mm512_max_ps(acc[r][1], lo), hi));
  }
}

using MicroKernelFn = void (*)(const Job&, const float*, const float*, const float*, float*, int);
constexpr MicroKernelFn kMicroKernels[kMicroRows + 1] = {nullptr,         MicroKernel<1>, MicroKernel<2>,
                                                         MicroKernel<3>,  MicroKernel<4>, MicroKernel<5>,
                                                         MicroKernel<6>,  MicroKernel<7>, MicroKernel<8>};

// One task: pixels [tile * 64, +64) x channel block `block`.
void TileTask(void* context, size_t tile, size_t block) {
  const Job& job = *static_cast<const Job*>(context);
  const FloatPointwiseShape& s = *job.shape;
  const int first = static_cast<int>(tile) * kTileRows, last = std::min(s.pixels, first + kTileRows);
  const int n0 = static_cast<int>(block) * kBlock, lanes = std::min(kBlock, s.out_c - n0);
  const float* w = job.weights + block * static_cast<size_t>(s.in_c) * kBlock;
  for (int p = first; p < last; p += kMicroRows) {
    const int rows = std::min(kMicroRows, last - p);
    kMicroKernels[rows](job, job.input + static_cast<size_t>(p) * s.in_c, w, job.bias + n0,
                        job.output + static_cast<size_t>(p) * s.out_c + n0, lanes);
  }
}

}  // namespace

void FloatPointwiseConv::Run(const float* input, float* output, void* threadpool) const {
  const Job job{&shape_, weights_.data() + weights_offset_, bias_.data(), output_min_, output_max_, blocks_,
                input, output};
  const size_t tiles = static_cast<size_t>((shape_.pixels + kTileRows - 1) / kTileRows);
  pthreadpool_parallelize_2d(static_cast<pthreadpool_t>(threadpool), TileTask, const_cast<Job*>(&job), tiles,
                             static_cast<size_t>(blocks_), 0);
}

#else

void FloatPointwiseConv::Run(const float* input, float* output, void* threadpool) const {
  (void)input, (void)output, (void)threadpool;  // FloatPointwiseAvailable() is false: never constructed
}

#endif

}  // namespace edgepose::kernels::xnnpack
