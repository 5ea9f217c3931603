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
  const int32_t* weights;   // depthwise: [blocks][taps][16]
  const int16_t* weights16;  // regular: [out_c][patch_len]
  int patch_len;             // regular: KH*KW*C_in rounded up to 32
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

// One output pixel of a depthwise layer, all channel blocks: acc = bias + taps, requantized into `out`.
EP_SIMD_CLONES void DepthwisePixel(const Job& job, int n, int oy, int ox, int16_t* out) {
  const Int16ConvShape& s = *job.shape;
  const int y0 = oy * s.stride_h - s.pad_top, x0 = ox * s.stride_w - s.pad_left;
  for (int block = 0; block < job.blocks; ++block) {
    alignas(64) int64_t acc[kLanes] = {};
    I16 partial{};
    int products = 0;
    const int32_t* block_weights = job.weights + static_cast<size_t>(block) * job.taps_per_block * kLanes;
    const int c0 = block * kLanes, lanes = std::min(kLanes, s.in_c - c0);
    for (int ky = 0; ky < s.kernel_h; ++ky) {
      const int y = y0 + ky * s.dilation_h;
      if (y < 0 || y >= s.in_h) continue;
      for (int kx = 0; kx < s.kernel_w; ++kx) {
        const int x = x0 + kx * s.dilation_w;
        if (x < 0 || x >= s.in_w) continue;
        const int16_t* pixel = job.input + ((static_cast<size_t>(n) * s.in_h + y) * s.in_w + x) * s.in_c;
        S16 x_lanes{};
        if (lanes == kLanes) std::memcpy(&x_lanes, pixel + c0, sizeof x_lanes);
        else for (int l = 0; l < lanes; ++l) x_lanes[l] = pixel[c0 + l];
        partial += __builtin_convertvector(x_lanes, I16) *
                   Load(block_weights + static_cast<size_t>(ky * s.kernel_w + kx) * kLanes);
        if (++products == kMaxProducts) Flush(partial, acc), products = 0;
      }
    }
    Flush(partial, acc);
    for (int l = 0; l < lanes; ++l)
      out[c0 + l] = static_cast<int16_t>(job.quant->Apply(acc[l] + job.bias[c0 + l], c0 + l));
  }
}

// One output pixel of a regular layer: its input window gathered into `patch` (zeros where the
// window leaves the input and past its end), then one dot product per output channel, in runs of
// kMaxProducts so each run's int32 sum is exact (GCC turns the loop into int16 pair multiply-adds).
EP_SIMD_CLONES void ConvPixel(const Job& job, int n, int oy, int ox, int16_t* patch, int16_t* out) {
  const Int16ConvShape& s = *job.shape;
  const int y0 = oy * s.stride_h - s.pad_top, x0 = ox * s.stride_w - s.pad_left;
  int16_t* dst = patch;
  for (int ky = 0; ky < s.kernel_h; ++ky) {
    const int y = y0 + ky * s.dilation_h;
    for (int kx = 0; kx < s.kernel_w; ++kx, dst += s.in_c) {
      const int x = x0 + kx * s.dilation_w;
      if (y < 0 || y >= s.in_h || x < 0 || x >= s.in_w) {
        std::memset(dst, 0, sizeof(int16_t) * s.in_c);
        continue;
      }
      std::memcpy(dst, job.input + ((static_cast<size_t>(n) * s.in_h + y) * s.in_w + x) * s.in_c,
                  sizeof(int16_t) * s.in_c);
    }
  }
  std::memset(dst, 0, sizeof(int16_t) * (patch + job.patch_len - dst));
  for (int o = 0; o < s.out_c; ++o) {
    const int16_t* w = job.weights16 + static_cast<size_t>(o) * job.patch_len;
    int64_t acc = job.bias[o];
    for (int k0 = 0; k0 < job.patch_len; k0 += kMaxProducts) {
      const int end = std::min(job.patch_len, k0 + kMaxProducts);
      int32_t sum = 0;
      for (int k = k0; k < end; ++k) sum += static_cast<int32_t>(patch[k]) * static_cast<int32_t>(w[k]);
      acc += sum;
    }
    out[o] = static_cast<int16_t>(job.quant->Apply(acc, o));
  }
}

// Scratch of one thread: the gathered window, 64-byte aligned.
int16_t* PatchBuffer(size_t values) {
  thread_local std::vector<int16_t> buffer;
  if (buffer.size() < values + 32) buffer.resize(values + 32);
  const auto address = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - address % 64) % 64) / sizeof(int16_t);
}

void ConvPixelsTask(void* context, size_t first, size_t count) {
  const Job& job = *static_cast<const Job*>(context);
  const Int16ConvShape& s = *job.shape;
  int16_t* patch = s.depthwise ? nullptr : PatchBuffer(static_cast<size_t>(job.patch_len));
  for (size_t p = first; p < first + count; ++p) {
    const int ox = static_cast<int>(p % s.out_w);
    const int oy = static_cast<int>(p / s.out_w % s.out_h);
    const int n = static_cast<int>(p / (static_cast<size_t>(s.out_w) * s.out_h));
    int16_t* out = job.output + p * s.out_c;
    if (s.depthwise) DepthwisePixel(job, n, oy, ox, out);
    else ConvPixel(job, n, oy, ox, patch, out);
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
  const int taps = shape.kernel_h * shape.kernel_w;
  if (shape.depthwise) {
    blocks_ = (shape.out_c + kLanes - 1) / kLanes;
    weights_.assign(static_cast<size_t>(blocks_) * taps * kLanes, 0);
    for (int o = 0; o < shape.out_c; ++o)
      for (int k = 0; k < taps; ++k)  // [1, KH, KW, C]: channel o of each tap
        weights_[(static_cast<size_t>(o / kLanes) * taps + k) * kLanes + o % kLanes] =
            filter[static_cast<size_t>(k) * shape.out_c + o];
  } else {
    const int window = taps * shape.in_c;  // OHWI: output o's row
    patch_len_ = (window + 31) / 32 * 32;
    weights16_.assign(static_cast<size_t>(shape.out_c) * patch_len_, 0);
    for (int o = 0; o < shape.out_c; ++o)
      for (int k = 0; k < window; ++k)
        weights16_[static_cast<size_t>(o) * patch_len_ + k] = filter[static_cast<size_t>(o) * window + k];
  }
  bias_.assign(static_cast<size_t>(shape.out_c), 0);
  for (int o = 0; o < shape.out_c; ++o) bias_[o] = bias64 ? bias64[o] : (bias32 ? bias32[o] : 0);
}

void Int16Conv::Run(const int16_t* input, int16_t* output, void* threadpool) const {
  Job job{&shape_, weights_.data(), weights16_.data(), patch_len_, bias_.data(), &quant_,
          blocks_, shape_.kernel_h * shape_.kernel_w, input, output};
  const size_t pixels = static_cast<size_t>(shape_.batch) * shape_.out_h * shape_.out_w;
  pthreadpool_parallelize_1d_tile_1d(static_cast<pthreadpool_t>(threadpool), ConvPixelsTask, &job, pixels,
                                     std::max<size_t>(1, pixels / 64), 0);
}

}  // namespace edgepose::kernels::xnnpack
