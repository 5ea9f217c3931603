#include "runtime/kernels/xnnpack/narrow_conv.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstddef>
#include <limits>

#include "core/simd_clones.h"

namespace edgepose::kernels::xnnpack {
namespace {

// A chunk is as many pixels as fit kChunkLanes lanes (64 pixels at C = 8): its sums and one tap's
// tiled weights stay in L1 (2 KiB each).
constexpr int kChunkLanes = 512;
// Where this beats XNNPACK (min of 100 runs, 3x3, 128x128 / 112x112): depthwise 1.9-2.0x at C = 8,
// 1.1x at 16, 1.25-1.3x at 24, 0.87x at 32; 5x5 depthwise 0.56x (so only 3x3 kernels); 3x3
// regular 8 -> 1 2.55x, 8/16 -> 2 1.4-1.5x.
constexpr int kMaxChannels = 24;
constexpr int kMaxDepthwiseChannels = 24;
constexpr int kMaxConvInputChannels = 16;
constexpr int kKernel = 3;
constexpr int kMaxOutputChannels = 2;  // regular convolutions
constexpr int kWindowLanes = kChunkLanes + (kKernel - 1) * kMaxChannels;

int ChunkPixels(int channels) { return kChunkLanes / channels; }

// The row loops are plain C++, cloned wider on x86 (core/simd_clones.h).

struct RowJob {
  const NarrowConvShape* shape;
  const float* weights;
  const float* bias;
  float output_min, output_max;
  const float* input;
  float* output;
};

// Tiled weights of one tap: ChunkPixels(C) * C floats, at a compile-time stride so a whole filter
// is addressed from one base register (a runtime stride spilled nine tap pointers to the stack).
constexpr size_t kTapStride = kChunkLanes;

// Regular convolutions start their sums here (a real array: a select on a null `init` became a
// masked load from address 0, a microcode assist per vector on AMD Zen 4).
constexpr float kZeros[kChunkLanes] = {};

// The clamp a sum gets before it is stored.
struct Bounds {
  float min, max;
};

// dst[i] = clamp(init[i] + sum over the 3x3 taps of window[ky][i + kx*c] * weights[tap * kTapStride + i]),
// i < lanes. The tap loops unroll and the sum stays in a register.
inline void SumTaps(const float* const* window, const float* weights, const float* init, int lanes, int c,
                    Bounds bounds, float* __restrict dst) {
  for (int i = 0; i < lanes; ++i) {
    float sum = init[i];
    for (int ky = 0; ky < kKernel; ++ky)
      for (int kx = 0; kx < kKernel; ++kx)
        sum += window[ky][i + kx * c] * weights[(ky * kKernel + kx) * kTapStride + i];
    dst[i] = std::min(std::max(sum, bounds.min), bounds.max);
  }
}

// out[p * out_stride] = clamp(bias + sum of acc[p*c .. p*c + c)), p < width; C is c, or fixed when > 0.
template <int C>
inline void SumPixelLanes(const float* acc, int width, int c, float bias, Bounds bounds, float* __restrict out,
                          int out_stride) {
  const int lanes_per_pixel = C > 0 ? C : c;
  for (int p = 0; p < width; ++p) {
    float sum = bias;
    for (int k = 0; k < lanes_per_pixel; ++k) sum += acc[p * lanes_per_pixel + k];
    out[static_cast<size_t>(p) * out_stride] = std::min(std::max(sum, bounds.min), bounds.max);
  }
}

EP_SIMD_CLONES void ConvRow(const RowJob& job, size_t row) {
  const NarrowConvShape& s = *job.shape;
  const int c = s.channels;
  const int n = static_cast<int>(row) / s.out_h, y = static_cast<int>(row) % s.out_h;
  const float* image = job.input + static_cast<size_t>(n) * s.in_h * s.in_w * c;
  float* out_row = job.output + row * static_cast<size_t>(s.out_w) * s.out_channels;
  const int taps = s.kernel_h * s.kernel_w;
  const int passes = s.depthwise ? 1 : s.out_channels;
  // Locals, not job fields: stores to the output could alias those (float) fields and block vectorizing.
  const float output_min = job.output_min, output_max = job.output_max;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  float acc[kChunkLanes];
  float padded[kKernel][kWindowLanes];  // windows that reach into the zero padding
  const float* window[kKernel];
  const int chunk_pixels = ChunkPixels(c);
  for (int x0 = 0; x0 < s.out_w; x0 += chunk_pixels) {
    const int width = std::min(chunk_pixels, s.out_w - x0);
    const int lanes = width * c;
    // Window ky: the input pixels [x0 - pad_left, x0 - pad_left + width + kernel_w - 1) of the row
    // under filter row ky, in place when inside the image, else a zero-padded copy.
    const int first = x0 - s.pad_left, span = width + s.kernel_w - 1;
    for (int ky = 0; ky < s.kernel_h; ++ky) {
      const int iy = y + ky - s.pad_top;
      const bool row_inside = iy >= 0 && iy < s.in_h;
      const float* in_row = row_inside ? image + static_cast<size_t>(iy) * s.in_w * c : nullptr;
      if (row_inside && first >= 0 && first + span <= s.in_w) {
        window[ky] = in_row + static_cast<ptrdiff_t>(first) * c;
        continue;
      }
      std::fill(padded[ky], padded[ky] + span * c, 0.f);
      if (row_inside) {
        const int lo = std::max(first, 0), hi = std::min(first + span, s.in_w);
        if (lo < hi) std::copy(in_row + lo * c, in_row + hi * c, padded[ky] + (lo - first) * c);
      }
      window[ky] = padded[ky];
    }
    for (int pass = 0; pass < passes; ++pass) {
      const float* weights = job.weights + static_cast<size_t>(pass) * taps * kTapStride;
      if (s.depthwise) {
        SumTaps(window, weights, job.bias, lanes, c, {output_min, output_max},
                out_row + static_cast<size_t>(x0) * c);
      } else {
        SumTaps(window, weights, kZeros, lanes, c, {-kInf, kInf}, acc);
        float* out = out_row + static_cast<size_t>(x0) * s.out_channels + pass;
        const Bounds bounds{output_min, output_max};
        if (c == 8)  // the segmentation head's case: a fixed count lets the compiler vectorize across pixels
          SumPixelLanes<8>(acc, width, 8, job.bias[pass], bounds, out, s.out_channels);
        else
          SumPixelLanes<0>(acc, width, c, job.bias[pass], bounds, out, s.out_channels);
      }
    }
  }
}

void ConvRowTask(void* context, size_t row) { ConvRow(*static_cast<const RowJob*>(context), row); }

}  // namespace

bool NarrowConvApplies(const NarrowConvShape& s) {
  if (s.stride_h != 1 || s.stride_w != 1 || s.dilation_h != 1 || s.dilation_w != 1) return false;
  if (s.batch < 1 || s.in_h < 1 || s.in_w < 1 || s.out_h < 1 || s.out_w < 1 || s.channels < 1) return false;
  if (s.kernel_h != kKernel || s.kernel_w != kKernel) return false;
  if (s.pad_top < 0 || s.pad_left < 0) return false;
  if (s.depthwise) return s.out_channels == s.channels && s.channels <= kMaxDepthwiseChannels;
  return s.channels <= kMaxConvInputChannels && s.out_channels >= 1 && s.out_channels <= kMaxOutputChannels;
}

NarrowConv::NarrowConv(const NarrowConvShape& shape, const float* filter, const float* bias, float output_min,
                       float output_max)
    : shape_(shape), output_min_(output_min), output_max_(output_max) {
  const int c = shape.channels, taps = shape.kernel_h * shape.kernel_w;
  const int passes = shape.depthwise ? 1 : shape.out_channels;
  tiled_weights_.resize(static_cast<size_t>(passes) * taps * kTapStride);
  for (int pass = 0; pass < passes; ++pass)
    for (int tap = 0; tap < taps; ++tap)
      for (int p = 0; p < ChunkPixels(c); ++p)
        for (int k = 0; k < c; ++k)
          tiled_weights_[(static_cast<size_t>(pass) * taps + tap) * kTapStride + static_cast<size_t>(p) * c + k] =
              filter[(static_cast<size_t>(pass) * taps + tap) * c + k];
  if (shape.depthwise) {
    tiled_bias_.resize(static_cast<size_t>(ChunkPixels(c)) * c);
    for (int p = 0; p < ChunkPixels(c); ++p)
      for (int k = 0; k < c; ++k) tiled_bias_[static_cast<size_t>(p) * c + k] = bias ? bias[k] : 0.f;
  } else {
    tiled_bias_.assign(static_cast<size_t>(shape.out_channels), 0.f);
    if (bias) std::copy(bias, bias + shape.out_channels, tiled_bias_.begin());
  }
}

void NarrowConv::Run(const float* input, float* output, void* threadpool) const {
  RowJob job{&shape_, tiled_weights_.data(), tiled_bias_.data(), output_min_, output_max_, input, output};
  const auto rows = static_cast<size_t>(shape_.batch) * static_cast<size_t>(shape_.out_h);
  pthreadpool_parallelize_1d(static_cast<pthreadpool_t>(threadpool), ConvRowTask, &job, rows, 0);
}

}  // namespace edgepose::kernels::xnnpack
