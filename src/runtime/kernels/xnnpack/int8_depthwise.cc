#include "runtime/kernels/xnnpack/int8_depthwise.h"

#include <pthreadpool.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstring>

#include "core/simd_clones.h"

namespace edgepose::kernels::xnnpack {
namespace {

// Lanes of one vector of sums: a 512-bit register of floats. Converted input rows are stored per
// chunk of 16 channels as [pixel][kLanes] planes (channels padded with zeros), so every tap of every
// output pixel is a load at a compile-time offset from one pointer per filter row; with NHWC's
// runtime channel stride each (pixel, tap) pair needed its own pointer, more than there are registers.
constexpr int kLanes = 16;
constexpr int kMaxKernel = 5;
// Output vectors summed per pass: each weight load serves this many of them.
constexpr int kBlock = 4;
// A float bias is exact below 2^24 less the largest tap sum (25 * 255 * 128 < 2^20); larger biases
// (channels with tiny filter scales) are added as int32 after the sum.
constexpr int32_t kMaxFloatBias = (1 << 24) - (1 << 20);
// Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer, half to even, in the low
// mantissa bits (the clamp before keeps it in int8 range): XNNPACK's scalar "fmagic" rounding.
constexpr float kMagic = 12582912.f;
constexpr int32_t kMagicBits = 0x4B400000;

struct Job {
  const Int8DepthwiseShape* shape;
  const float* weights;   // [chunks][KH*KW][kLanes]
  const float* bias_f;    // [chunks * kLanes]; null when the bias is added as int32
  const int32_t* bias_i;  // [chunks * kLanes]
  const float* scales;    // [chunks * kLanes]
  float lo, hi;           // output bounds less the output zero point
  int32_t magic_less_zero_point;
  float input_zero_point;
  int pixel_lanes;        // floats per pixel in a converted plane: kLanes, or 8 (C = 8 at stride 1)
  int chunks, padded_w, vectors;  // vectors: output vectors per row and chunk
  const int8_t* input;
  int8_t* output;
};

// 16 lanes as one GNU vector (GCC and Clang): one AVX-512 register, two AVX2 or four SSE / NEON
// ones. Written with plain loops, GCC unrolled the 16 lanes and paired them into 128-bit operations.
typedef float F16 __attribute__((vector_size(64)));
typedef int32_t I16 __attribute__((vector_size(64)));
typedef uint32_t U16 __attribute__((vector_size(64)));
typedef int8_t Q16 __attribute__((vector_size(16)));
// Such vectors only pass between always-inline functions, so no call ever uses the AVX-512 ABI
// GCC warns about in the baseline build.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

[[gnu::always_inline]] inline F16 Load(const float* p) {
  F16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// What the sums of one chunk need.
struct ChunkArgs {
  const float* weights;  // [KH*KW][kLanes]
  F16 bias_f, scales, lo, hi;
  I16 bias_i;
  int32_t magic_less_zero_point;
  int8_t* out;           // the output row at the chunk's first channel
  int out_w, channels;
  int valid;             // channels of this chunk (kLanes but in the last one)
};

// `sum` already holds the bias when it is added in float (kIntBias false).
template <bool kIntBias>
[[gnu::always_inline]] inline Q16 Requantize(F16 sum, const ChunkArgs& a) {
  F16 acc = sum;
  if constexpr (kIntBias) {  // unsigned: XNNPACK's int32 add wraps
    const U16 total = __builtin_convertvector(__builtin_convertvector(sum, I16), U16) + (U16)a.bias_i;
    acc = __builtin_convertvector((I16)total, F16);
  }
  F16 scaled = acc * a.scales;
  scaled = scaled < a.lo ? a.lo : scaled;
  scaled = scaled > a.hi ? a.hi : scaled;
  return __builtin_convertvector((I16)(scaled + kMagic) - a.magic_less_zero_point, Q16);
}

// Output bytes of vector v: kPixels pixels of 8 channels (C = 8), or one pixel's chunk.
template <int kPixels>
[[gnu::always_inline]] inline void StoreVector(Q16 q, int v, const ChunkArgs& a) {
  int8_t* out = a.out + static_cast<size_t>(v) * kPixels * a.channels;
  const int bytes = kPixels == 1 ? a.valid : std::min(kPixels, a.out_w - v * kPixels) * 8;
  if (bytes == kLanes) std::memcpy(out, &q, kLanes);  // fixed sizes: one store, not a call
  else if (bytes == 8) std::memcpy(out, &q, 8);
  else std::memcpy(out, &q, static_cast<size_t>(bytes));
}

// Vectors v0 .. v0 + kCount - 1 of an output row, `rows` at vector v0: for every lane l,
//   out[b][l] = requantize(bias[l] + sum over taps (ky, kx) of rows[ky][(b * kPixels * S + kx) * kPL + l]
//                                                              * weights[ky * K + kx][l]).
// kPL: floats per pixel in a plane (kLanes, or 8 with kPixels 2).
template <int K, int S, int kPL, int kCount, bool kIntBias>
[[gnu::always_inline]] inline void SumVectors(const ChunkArgs& a, const float* const* rows, int v0) {
  constexpr int kPixels = kLanes / kPL;
  F16 sum[kCount];
  for (int b = 0; b < kCount; ++b) sum[b] = kIntBias ? F16{} : a.bias_f;
  for (int ky = 0; ky < K; ++ky)
    for (int kx = 0; kx < K; ++kx) {
      const F16 w = Load(a.weights + (ky * K + kx) * kLanes);
      for (int b = 0; b < kCount; ++b) sum[b] += Load(rows[ky] + (b * kPixels * S + kx) * kPL) * w;
    }
  for (int b = 0; b < kCount; ++b) StoreVector<kPixels>(Requantize<kIntBias>(sum[b], a), v0 + b, a);
}

template <int K, int S, int kPL, bool kIntBias>
[[gnu::always_inline]] inline void SumRow(const ChunkArgs& a, const float* const* planes, int vectors) {
  constexpr int kStep = kLanes / kPL * S * kPL;  // floats from one output vector's pixels to the next's
  const float* rows[K];
  for (int ky = 0; ky < K; ++ky) rows[ky] = planes[ky];
  int v = 0;
  for (; v + kBlock <= vectors; v += kBlock) {
    SumVectors<K, S, kPL, kBlock, kIntBias>(a, rows, v);
    for (int ky = 0; ky < K; ++ky) rows[ky] += kBlock * kStep;
  }
  for (; v < vectors; ++v) {
    SumVectors<K, S, kPL, 1, kIntBias>(a, rows, v);
    for (int ky = 0; ky < K; ++ky) rows[ky] += kStep;
  }
}

// `lanes` channels of one pixel as floats x - zero point, zeros after (padding channels: their
// weights are 0; only at the end of a row, see ConvertPlane). Lane by lane into an int32 vector:
// GCC turns that into one sign-extending load (vpmovsxbd), where __builtin_convertvector from int8
// lanes went one lane at a time.
[[gnu::always_inline]] inline void ConvertPixel(const int8_t* pixel, int lanes, float zero_point, float* dst) {
  I16 wide;
  for (int l = 0; l < kLanes; ++l) wide[l] = l < lanes ? pixel[l] : 0;
  const F16 v = __builtin_convertvector(wide, F16) - zero_point;
  std::memcpy(dst, &v, sizeof v);
}

// One chunk of input row `in_row` (null: a padding row) as floats x - zero point: a plane of
// padded_w pixels, zeros where the padding is.
template <int kPL>
[[gnu::always_inline]] inline void ConvertPlane(const Job& job, int chunk, const int8_t* in_row, float* dst) {
  const Int8DepthwiseShape& s = *job.shape;
  const int first = s.pad_left, count = in_row ? std::clamp(job.padded_w - s.pad_left, 0, s.in_w) : 0;
  std::fill(dst, dst + static_cast<size_t>(first) * kPL, 0.f);
  std::fill(dst + static_cast<size_t>(first + count) * kPL, dst + static_cast<size_t>(job.padded_w) * kPL, 0.f);
  if (count == 0) return;  // a padding row (in_row null)
  float* out = dst + static_cast<size_t>(first) * kPL;
  const float zero_point = job.input_zero_point;
  if constexpr (kPL == 8) {  // C = 8: the row's NHWC floats
    for (int i = 0; i < count * 8; ++i) out[i] = static_cast<float>(in_row[i]) - zero_point;
    return;
  }
  const int8_t* src = in_row + chunk * kLanes;
  const size_t c = static_cast<size_t>(s.channels);
  const int valid = std::min(kLanes, s.channels - chunk * kLanes);
  // A chunk with fewer channels (the last one) still loads 16 bytes where they lie inside the row: the
  // lanes past `valid` then hold the next pixel's values, finite, times weights of 0.
  const long room = static_cast<long>(s.in_w) * s.channels - chunk * kLanes - kLanes;  // after pixel 0's load
  const long whole = valid == kLanes ? count : room < 0 ? 0 : room / static_cast<long>(c) + 1;
  const int loads = static_cast<int>(std::min<long>(whole, count));
  for (int x = 0; x < loads; ++x) ConvertPixel(src + x * c, kLanes, zero_point, out + x * kLanes);
  for (int x = loads; x < count; ++x) ConvertPixel(src + x * c, valid, zero_point, out + x * kLanes);
}

// Output rows [first_row, first_row + row_count) of one chunk. Each input row the tile reads is
// converted once into a ring of K planes (`ring`), slot iy mod K.
template <int K, int S, int kPL, bool kIntBias>
[[gnu::always_inline]] inline void ChunkTile(const Job& job, int chunk, size_t first_row, size_t row_count,
                                             float* ring) {
  const Int8DepthwiseShape& s = *job.shape;
  const size_t plane_floats = static_cast<size_t>(job.padded_w) * kPL;
  const size_t lane0 = static_cast<size_t>(chunk) * kLanes;
  ChunkArgs a;
  a.weights = job.weights + lane0 * K * K;
  a.bias_f = kIntBias ? F16{} : Load(job.bias_f + lane0);
  std::memcpy(&a.bias_i, job.bias_i + lane0, sizeof a.bias_i);
  a.scales = Load(job.scales + lane0);
  a.lo = F16{} + job.lo, a.hi = F16{} + job.hi;
  a.magic_less_zero_point = job.magic_less_zero_point;
  a.out_w = s.out_w, a.channels = s.channels;
  a.valid = kPL == 8 ? 8 : std::min(kLanes, s.channels - chunk * kLanes);
  int tags[K];  // which input row each ring slot holds: image n * in_h + iy, -1 for padding
  std::fill(tags, tags + K, INT_MIN);
  const float* planes[K];
  for (size_t r = first_row; r < first_row + row_count; ++r) {
    const int n = static_cast<int>(r / s.out_h), y = static_cast<int>(r % s.out_h);
    for (int ky = 0; ky < K; ++ky) {
      const int iy = y * S + ky - s.pad_top;
      const bool inside = iy >= 0 && iy < s.in_h;
      const int tag = inside ? n * s.in_h + iy : -1;  // padding rows are all alike: zeros
      const int slot = ((iy % K) + K) % K;
      float* plane = ring + slot * plane_floats;
      if (tags[slot] != tag) {
        const size_t offset = (static_cast<size_t>(n) * s.in_h + iy) * s.in_w * s.channels;
        ConvertPlane<kPL>(job, chunk, inside ? job.input + offset : nullptr, plane);
        tags[slot] = tag;
      }
      planes[ky] = plane;
    }
    a.out = job.output + r * static_cast<size_t>(s.out_w) * s.channels + lane0;
    SumRow<K, S, kPL, kIntBias>(a, planes, job.vectors);
  }
}

// The instantiations, one per (kernel, stride, floats per pixel); a switch and not template clones,
// since GCC's target_clones does not apply to templates.
enum class Variant { k3s1, k3s2, k5s1, k5s2, k3s1c8, k5s1c8 };

Variant PickVariant(int kernel, int stride, int pixel_lanes) {
  if (pixel_lanes == 8) return kernel == 3 ? Variant::k3s1c8 : Variant::k5s1c8;
  if (kernel == 3) return stride == 1 ? Variant::k3s1 : Variant::k3s2;
  return stride == 1 ? Variant::k5s1 : Variant::k5s2;
}

template <bool kIntBias>
[[gnu::always_inline]] inline void ChunkTile(Variant variant, const Job& job, int chunk, size_t first_row,
                                             size_t row_count, float* ring) {
  switch (variant) {
    case Variant::k3s1: return ChunkTile<3, 1, kLanes, kIntBias>(job, chunk, first_row, row_count, ring);
    case Variant::k3s2: return ChunkTile<3, 2, kLanes, kIntBias>(job, chunk, first_row, row_count, ring);
    case Variant::k5s1: return ChunkTile<5, 1, kLanes, kIntBias>(job, chunk, first_row, row_count, ring);
    case Variant::k5s2: return ChunkTile<5, 2, kLanes, kIntBias>(job, chunk, first_row, row_count, ring);
    case Variant::k3s1c8: return ChunkTile<3, 1, 8, kIntBias>(job, chunk, first_row, row_count, ring);
    case Variant::k5s1c8: return ChunkTile<5, 1, 8, kIntBias>(job, chunk, first_row, row_count, ring);
  }
}

EP_SIMD_CLONES void ConvChunkTile(Variant variant, const Job& job, int chunk, size_t first_row, size_t row_count,
                                  float* ring) {
  if (job.bias_f) ChunkTile<false>(variant, job, chunk, first_row, row_count, ring);
  else ChunkTile<true>(variant, job, chunk, first_row, row_count, ring);
}

// Scratch of one thread: the ring of converted planes, 64-byte aligned.
float* RingBuffer(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats + kLanes) buffer.resize(floats + kLanes);
  const auto address = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - address % 64) % 64) / sizeof(float);
}

// Chunk by chunk, so the planes and weights being summed stay in L1 (a ring of whole rows of 672
// channels did not: 5 x 18 x 672 floats).
void ConvTileTask(void* context, size_t first_row, size_t row_count) {
  const Job& job = *static_cast<const Job*>(context);
  const int k = job.shape->kernel_h;
  float* ring = RingBuffer(static_cast<size_t>(k) * job.padded_w * job.pixel_lanes);
  const Variant variant = PickVariant(k, job.shape->stride_h, job.pixel_lanes);
  for (int chunk = 0; chunk < job.chunks; ++chunk) ConvChunkTile(variant, job, chunk, first_row, row_count, ring);
}

}  // namespace

bool Int8DepthwiseApplies(const Int8DepthwiseShape& s, bool per_channel_filter) {
#if !(defined(__x86_64__) || defined(__i386__))
  if (!per_channel_filter) return false;
#else
  (void)per_channel_filter;  // x86 XNNPACK requantizes qs8 with "fp32" too
#endif
  if (s.kernel_h != s.kernel_w || (s.kernel_h != 3 && s.kernel_h != kMaxKernel)) return false;
  if (s.stride_h != s.stride_w || (s.stride_h != 1 && s.stride_h != 2)) return false;
  if (s.dilation_h != 1 || s.dilation_w != 1) return false;
  if (s.batch < 1 || s.in_h < 1 || s.in_w < 1 || s.out_h < 1 || s.out_w < 1 || s.channels < 1) return false;
  if (s.pad_top < 0 || s.pad_left < 0) return false;
  // Tiny outputs pay more for the ring set-up per 16 channels than they save: 2x2 outputs took 1.9 us
  // against XNNPACK's 0.86, 4x4 from stride 2 4.0 against 3.8; 4x4 at stride 1 3.5 against 3.9.
  return s.out_h * s.out_w >= (s.stride_h == 1 ? 16 : 32);
}

Int8DepthwiseConv::Int8DepthwiseConv(const Int8DepthwiseShape& shape, const int8_t* filter,
                                     const float* filter_scales, int num_filter_scales, const int32_t* bias,
                                     const Int8ConvQuant& quant)
    : shape_(shape), input_zero_point_(quant.input_zero_point), output_zero_point_(quant.output_zero_point) {
  const int c = shape.channels, taps = shape.kernel_h * shape.kernel_w;
  pixel_lanes_ = c == 8 && shape.stride_w == 1 ? 8 : kLanes;
  chunks_ = pixel_lanes_ == 8 ? 1 : (c + kLanes - 1) / kLanes;
  const int pixels_per_vector = kLanes / pixel_lanes_;
  vectors_ = (shape.out_w + pixels_per_vector - 1) / pixels_per_vector;
  // Pixels a row's vectors read: the last vector's last pixel's window, past the output's when a
  // two-pixel vector is half outside.
  padded_w_ = (vectors_ * pixels_per_vector - 1) * shape.stride_w + shape.kernel_w;
  const int lanes = chunks_ * kLanes;
  weights_.assign(static_cast<size_t>(lanes) * taps, 0.f);
  bias_i_.assign(static_cast<size_t>(lanes), 0);
  scales_.assign(static_cast<size_t>(lanes), 0.f);
  bool int_bias = false;
  for (int lane = 0; lane < lanes; ++lane) {
    const int ch = pixel_lanes_ == 8 ? lane % 8 : lane;  // C = 8: two pixels per vector
    if (ch >= c) continue;
    const int chunk = lane / kLanes, l = lane % kLanes;
    for (int tap = 0; tap < taps; ++tap)
      weights_[(static_cast<size_t>(chunk) * taps + tap) * kLanes + l] = filter[static_cast<size_t>(tap) * c + ch];
    bias_i_[lane] = bias ? bias[ch] : 0;
    int_bias |= bias_i_[lane] > kMaxFloatBias || bias_i_[lane] < -kMaxFloatBias;
    // float, in XNNPACK's order: (input * filter) / output.
    const float filter_scale = filter_scales[num_filter_scales == 1 ? 0 : ch];
    scales_[lane] = RequantizationScale(quant, filter_scale);
  }
  if (!int_bias) bias_f_.assign(bias_i_.begin(), bias_i_.end());
  min_less_zero_point_ = static_cast<float>(static_cast<int32_t>(quant.output_min) - quant.output_zero_point);
  max_less_zero_point_ = static_cast<float>(static_cast<int32_t>(quant.output_max) - quant.output_zero_point);
}

void Int8DepthwiseConv::Run(const int8_t* input, int8_t* output, void* threadpool) const {
  const auto pool = static_cast<pthreadpool_t>(threadpool);
  const size_t rows = static_cast<size_t>(shape_.batch) * static_cast<size_t>(shape_.out_h);
  const size_t threads = pool ? pthreadpool_get_threads_count(pool) : 1;
  // Rows of a tile share their converted input rows (each is read by up to K output rows), so one
  // tile per thread, or up to four when each keeps 8 rows or more, to balance the threads.
  const size_t tiles = threads * std::clamp<size_t>(rows / (8 * threads), 1, 4);
  const size_t tile = threads == 1 ? rows : (rows + tiles - 1) / tiles;
  Job job{};
  job.shape = &shape_;
  job.weights = weights_.data();
  job.bias_f = bias_f_.empty() ? nullptr : bias_f_.data();
  job.bias_i = bias_i_.data();
  job.scales = scales_.data();
  job.lo = min_less_zero_point_, job.hi = max_less_zero_point_;
  job.magic_less_zero_point = kMagicBits - output_zero_point_;
  job.input_zero_point = static_cast<float>(input_zero_point_);
  job.pixel_lanes = pixel_lanes_, job.chunks = chunks_, job.padded_w = padded_w_, job.vectors = vectors_;
  job.input = input, job.output = output;
  pthreadpool_parallelize_1d_tile_1d(pool, ConvTileTask, &job, rows, tile, 0);
}

}  // namespace edgepose::kernels::xnnpack
