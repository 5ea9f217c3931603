#include "runtime/kernels/xnnpack/int16_conv.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#include "core/simd_clones.h"

namespace edgepose::kernels::xnnpack {
namespace {

constexpr int kLanes = 16;
// Products an int32 lane holds exactly: |x * w| <= 2^15 * 2^7, so 2^8 of them stay below 2^31.
constexpr int kMaxProducts = 256;

typedef int32_t I16 __attribute__((vector_size(64)));
typedef int16_t S16 __attribute__((vector_size(32)));
// Such vectors only pass between always-inline functions, so no call ever uses the AVX-512 ABI
// GCC warns about in the baseline build.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

struct Job {
  const Int16ConvShape* shape;
  const int32_t* weights;
  const int64_t* bias;
  const RequantizeParams* quant;
  int blocks, taps_per_block;
  const int16_t* input;
  int16_t* output;
};

[[gnu::always_inline]] inline I16 Load(const int32_t* p) {
  I16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Adds the int32 partial sums into the int64 accumulators and clears them.
[[gnu::always_inline]] inline void Flush(I16& partial, int64_t* acc) {
  for (int l = 0; l < kLanes; ++l) acc[l] += partial[l];
  partial = I16{};
}

// One output pixel, all channel blocks: acc = bias + taps, then requantized into `out`.
EP_SIMD_CLONES void ConvPixel(const Job& job, int n, int oy, int ox, int16_t* out) {
  const Int16ConvShape& s = *job.shape;
  const int y0 = oy * s.stride_h - s.pad_top, x0 = ox * s.stride_w - s.pad_left;
  for (int block = 0; block < job.blocks; ++block) {
    alignas(64) int64_t acc[kLanes] = {};
    I16 partial{};
    int products = 0;
    const int32_t* block_weights = job.weights + static_cast<size_t>(block) * job.taps_per_block * kLanes;
    for (int ky = 0; ky < s.kernel_h; ++ky) {
      const int y = y0 + ky * s.dilation_h;
      if (y < 0 || y >= s.in_h) continue;
      for (int kx = 0; kx < s.kernel_w; ++kx) {
        const int x = x0 + kx * s.dilation_w;
        if (x < 0 || x >= s.in_w) continue;
        const int16_t* pixel = job.input + ((static_cast<size_t>(n) * s.in_h + y) * s.in_w + x) * s.in_c;
        const int tap = ky * s.kernel_w + kx;
        if (s.depthwise) {
          const int c0 = block * kLanes, lanes = std::min(kLanes, s.in_c - c0);
          S16 x_lanes{};
          if (lanes == kLanes) std::memcpy(&x_lanes, pixel + c0, sizeof x_lanes);
          else for (int l = 0; l < lanes; ++l) x_lanes[l] = pixel[c0 + l];
          partial += __builtin_convertvector(x_lanes, I16) * Load(block_weights + static_cast<size_t>(tap) * kLanes);
          if (++products == kMaxProducts) Flush(partial, acc), products = 0;
          continue;
        }
        const int32_t* w = block_weights + static_cast<size_t>(tap) * s.in_c * kLanes;
        // Runs of channels that fit the partial sums, so the inner loop has no flush test.
        for (int c = 0; c < s.in_c;) {
          const int end = std::min(s.in_c, c + kMaxProducts - products);
          products += end - c;
          for (; c < end; ++c) partial += static_cast<int32_t>(pixel[c]) * Load(w + static_cast<size_t>(c) * kLanes);
          if (products == kMaxProducts) Flush(partial, acc), products = 0;
        }
      }
    }
    Flush(partial, acc);
    const int c0 = block * kLanes, lanes = std::min(kLanes, s.out_c - c0);
    for (int l = 0; l < lanes; ++l)
      out[c0 + l] = static_cast<int16_t>(job.quant->Apply(acc[l] + job.bias[c0 + l], c0 + l));
  }
}

void ConvPixelsTask(void* context, size_t first, size_t count) {
  const Job& job = *static_cast<const Job*>(context);
  const Int16ConvShape& s = *job.shape;
  for (size_t p = first; p < first + count; ++p) {
    const int ox = static_cast<int>(p % s.out_w);
    const int oy = static_cast<int>(p / s.out_w % s.out_h);
    const int n = static_cast<int>(p / (static_cast<size_t>(s.out_w) * s.out_h));
    ConvPixel(job, n, oy, ox, job.output + p * s.out_c);
  }
}

}  // namespace

bool Int16ConvApplies(const Int16ConvShape& s, const RequantizeParams& quant) {
  if (s.batch < 1 || s.in_h < 1 || s.in_w < 1 || s.in_c < 1 || s.out_h < 1 || s.out_w < 1 || s.out_c < 1) return false;
  if (s.kernel_h < 1 || s.kernel_w < 1 || s.stride_h < 1 || s.stride_w < 1 || s.dilation_h < 1 || s.dilation_w < 1)
    return false;
  if (s.pad_top < 0 || s.pad_left < 0 || (s.depthwise && s.out_c != s.in_c)) return false;
  return quant.input_offset == 0 && quant.filter_offset == 0 && quant.output_offset == 0;
}

Int16Conv::Int16Conv(const Int16ConvShape& shape, const int8_t* filter, const int64_t* bias64, const int32_t* bias32,
                     const RequantizeParams& quant)
    : shape_(shape), quant_(quant) {
  blocks_ = (shape.out_c + kLanes - 1) / kLanes;
  const int taps = shape.kernel_h * shape.kernel_w;
  taps_per_block_ = shape.depthwise ? taps : taps * shape.in_c;
  weights_.assign(static_cast<size_t>(blocks_) * taps_per_block_ * kLanes, 0);
  for (int o = 0; o < shape.out_c; ++o) {
    int32_t* lane = weights_.data() + static_cast<size_t>(o / kLanes) * taps_per_block_ * kLanes + o % kLanes;
    for (int k = 0; k < taps_per_block_; ++k) {
      // OHWI: output o's row; depthwise [1, KH, KW, C]: channel o of each tap.
      const int8_t w = shape.depthwise ? filter[static_cast<size_t>(k) * shape.out_c + o]
                                       : filter[static_cast<size_t>(o) * taps_per_block_ + k];
      lane[static_cast<size_t>(k) * kLanes] = w;
    }
  }
  bias_.assign(static_cast<size_t>(shape.out_c), 0);
  for (int o = 0; o < shape.out_c; ++o) bias_[o] = bias64 ? bias64[o] : (bias32 ? bias32[o] : 0);
}

void Int16Conv::Run(const int16_t* input, int16_t* output, void* threadpool) const {
  Job job{&shape_, weights_.data(), bias_.data(), &quant_, blocks_, taps_per_block_, input, output};
  const size_t pixels = static_cast<size_t>(shape_.batch) * shape_.out_h * shape_.out_w;
  pthreadpool_parallelize_1d_tile_1d(static_cast<pthreadpool_t>(threadpool), ConvPixelsTask, &job, pixels,
                                     std::max<size_t>(1, pixels / 64), 0);
}

}  // namespace edgepose::kernels::xnnpack
