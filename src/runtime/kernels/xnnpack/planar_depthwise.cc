#include "runtime/kernels/xnnpack/planar_depthwise.h"

#include <pthreadpool.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstring>
#include <type_traits>

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
// Input bytes of a block of output rows, summed chunk by chunk before the next block: each chunk
// reads one 64-byte line per pixel, and the block's other lines should still be in L2 (2 MB) when
// the next chunk reads them. Float pose layers (1 thread, in the model) with 256 KB blocks ran
// 2.09 ms where 1 MB ones ran 1.94 and whole 2-3 MB images 2.10.
constexpr size_t kBlockBytes = size_t{1} << 20;
// A float bias is exact below 2^24 less the largest tap sum (25 * 255 * 128 < 2^20); larger biases
// (channels with tiny filter scales) are added as int32 after the sum.
constexpr int32_t kMaxFloatBias = (1 << 24) - (1 << 20);
// Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer, half to even, in the low
// mantissa bits (the clamp before keeps it in int8 range): XNNPACK's scalar "fmagic" rounding.
constexpr float kMagic = 12582912.f;
constexpr int32_t kMagicBits = 0x4B400000;

struct Job {
  const PlanarDepthwiseShape* shape;
  const float* weights;   // [chunks][KH*KW][kLanes]
  const float* bias_f;    // [chunks * kLanes]; null when the bias is added as int32 (int8 only)
  const int32_t* bias_i;  // [chunks * kLanes] (int8)
  const float* scales;    // [chunks * kLanes] (int8)
  float lo, hi;           // output bounds (int8: less the output zero point)
  int32_t magic_less_zero_point;
  float input_zero_point;
  int pixel_lanes;        // floats per pixel in a converted plane: kLanes, or 8 (C = 8 at stride 1)
  int chunks, padded_w, vectors;  // vectors: output vectors per row and chunk
  int block_rows;         // output rows per block: converted, then summed chunk by chunk
  bool is_float;          // float32 input and output, else int8
  const void* input;
  void* output;
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
  void* out;             // the output row at the chunk's first channel
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

// Output values of vector v (int8 Q16 or float F16 lanes): kPixels pixels of 8 channels (C = 8), or
// one pixel's chunk.
template <int kPixels, class T, class V>
[[gnu::always_inline]] inline void StoreVector(const V& q, int v, const ChunkArgs& a) {
  T* out = static_cast<T*>(a.out) + static_cast<size_t>(v) * kPixels * a.channels;
  const int count = kPixels == 1 ? a.valid : std::min(kPixels, a.out_w - v * kPixels) * 8;
  if (count == kLanes) std::memcpy(out, &q, kLanes * sizeof(T));  // fixed sizes: one store, not a call
  else if (count == 8) std::memcpy(out, &q, 8 * sizeof(T));
  else std::memcpy(out, &q, static_cast<size_t>(count) * sizeof(T));
}

// What differs between the int8 and the float kernel: the element type, the start of each sum and
// the output step. Int8: the bias joins in float or as int32 (kIntBias), then Requantize.
template <bool kIntBias>
struct Int8Output {
  using T = int8_t;
  [[gnu::always_inline]] static F16 Start(const ChunkArgs& a) { return kIntBias ? F16{} : a.bias_f; }
  template <int kPixels>
  [[gnu::always_inline]] static void Store(F16 sum, int v, const ChunkArgs& a) {
    StoreVector<kPixels, T>(Requantize<kIntBias>(sum, a), v, a);
  }
};

// Float: bias first, then the taps in order; clamped to the fused activation's range.
struct FloatOutput {
  using T = float;
  [[gnu::always_inline]] static F16 Start(const ChunkArgs& a) { return a.bias_f; }
  template <int kPixels>
  [[gnu::always_inline]] static void Store(F16 sum, int v, const ChunkArgs& a) {
    sum = sum < a.lo ? a.lo : sum;
    sum = sum > a.hi ? a.hi : sum;
    StoreVector<kPixels, T>(sum, v, a);
  }
};

// Vectors v0 .. v0 + kCount - 1 of an output row, `rows` at vector v0: for every lane l,
//   out[b][l] = requantize(bias[l] + sum over taps (ky, kx) of rows[ky][(b * kPixels * S + kx) * kPL + l]
//                                                              * weights[ky * K + kx][l]).
// kPL: floats per pixel in a plane (kLanes, or 8 with kPixels 2).
template <int K, int S, int kPL, int kCount, class Out>
[[gnu::always_inline]] inline void SumVectors(const ChunkArgs& a, const float* const* rows, int v0) {
  constexpr int kPixels = kLanes / kPL;
  F16 sum[kCount];
  for (int b = 0; b < kCount; ++b) sum[b] = Out::Start(a);
  for (int ky = 0; ky < K; ++ky)
    for (int kx = 0; kx < K; ++kx) {
      const F16 w = Load(a.weights + (ky * K + kx) * kLanes);
      for (int b = 0; b < kCount; ++b) sum[b] += Load(rows[ky] + (b * kPixels * S + kx) * kPL) * w;
    }
  for (int b = 0; b < kCount; ++b) Out::template Store<kPixels>(sum[b], v0 + b, a);
}

template <int K, int S, int kPL, class Out>
[[gnu::always_inline]] inline void SumRow(const ChunkArgs& a, const float* const* planes, int vectors) {
  constexpr int kStep = kLanes / kPL * S * kPL;  // floats from one output vector's pixels to the next's
  const float* rows[K];
  for (int ky = 0; ky < K; ++ky) rows[ky] = planes[ky];
  int v = 0;
  for (; v + kBlock <= vectors; v += kBlock) {
    SumVectors<K, S, kPL, kBlock, Out>(a, rows, v);
    for (int ky = 0; ky < K; ++ky) rows[ky] += kBlock * kStep;
  }
  for (; v < vectors; ++v) {
    SumVectors<K, S, kPL, 1, Out>(a, rows, v);
    for (int ky = 0; ky < K; ++ky) rows[ky] += kStep;
  }
}

// `lanes` channels of one pixel as floats x - zero point, zeros after (padding channels: their
// weights are 0; only at the end of a row, see ConvertPlane). Int8 lane by lane into an int32
// vector: GCC turns that into one sign-extending load (vpmovsxbd), where __builtin_convertvector
// from int8 lanes went one lane at a time. Float input is copied (zero point 0).
template <class T>
[[gnu::always_inline]] inline void ConvertPixel(const T* pixel, int lanes, float zero_point, float* dst) {
  if constexpr (std::is_same_v<T, float>) {
    if (lanes == kLanes) return (void)std::memcpy(dst, pixel, kLanes * sizeof(float));
    for (int l = 0; l < kLanes; ++l) dst[l] = l < lanes ? pixel[l] : 0.f;
  } else {
    I16 wide;
    for (int l = 0; l < kLanes; ++l) wide[l] = l < lanes ? pixel[l] : 0;
    const F16 v = __builtin_convertvector(wide, F16) - zero_point;
    std::memcpy(dst, &v, sizeof v);
  }
}

// One chunk of input row `in_row` (null: a padding row) as floats x - zero point: a plane of
// padded_w pixels, zeros where the padding is.
template <int kPL, class T>
[[gnu::always_inline]] inline void ConvertPlane(const Job& job, int chunk, const T* in_row, float* dst) {
  const PlanarDepthwiseShape& s = *job.shape;
  const int first = s.pad_left, count = in_row ? std::clamp(job.padded_w - s.pad_left, 0, s.in_w) : 0;
  std::fill(dst, dst + static_cast<size_t>(first) * kPL, 0.f);
  std::fill(dst + static_cast<size_t>(first + count) * kPL, dst + static_cast<size_t>(job.padded_w) * kPL, 0.f);
  if (count == 0) return;  // a padding row (in_row null)
  float* out = dst + static_cast<size_t>(first) * kPL;
  const float zero_point = job.input_zero_point;
  if constexpr (kPL == 8) {  // C = 8: the row's NHWC floats
    if constexpr (std::is_same_v<T, float>) return (void)std::memcpy(out, in_row, count * 8 * sizeof(float));
    for (int i = 0; i < count * 8; ++i) out[i] = static_cast<float>(in_row[i]) - zero_point;
    return;
  }
  const T* src = in_row + chunk * kLanes;
  const size_t c = static_cast<size_t>(s.channels);
  const int valid = std::min(kLanes, s.channels - chunk * kLanes);
  // A chunk with fewer channels (the last one) still loads 16 values where they lie inside the row: the
  // lanes past `valid` then hold the next pixel's values, times weights of 0, in lanes never stored.
  const long room = static_cast<long>(s.in_w) * s.channels - chunk * kLanes - kLanes;  // after pixel 0's load
  const long whole = valid == kLanes ? count : room < 0 ? 0 : room / static_cast<long>(c) + 1;
  const int loads = static_cast<int>(std::min<long>(whole, count));
  for (int x = 0; x < loads; ++x) ConvertPixel(src + x * c, kLanes, zero_point, out + x * kLanes);
  for (int x = loads; x < count; ++x) ConvertPixel(src + x * c, valid, zero_point, out + x * kLanes);
}

// Output rows y0 .. y0 + row_count - 1 of image n, chunk by chunk. Each input row the block reads is
// converted once per chunk into a ring of K planes (`ring`), slot iy mod K.
template <int K, int S, int kPL, class Out>
[[gnu::always_inline]] inline void BlockTile(const Job& job, int n, int y0, int row_count, float* ring) {
  using T = typename Out::T;
  const PlanarDepthwiseShape& s = *job.shape;
  const size_t plane_floats = static_cast<size_t>(job.padded_w) * kPL;
  for (int chunk = 0; chunk < job.chunks; ++chunk) {
    const size_t lane0 = static_cast<size_t>(chunk) * kLanes;
    ChunkArgs a;
    a.weights = job.weights + lane0 * K * K;
    a.bias_f = job.bias_f ? Load(job.bias_f + lane0) : F16{};
    a.bias_i = I16{}, a.scales = F16{};
    if (job.bias_i) std::memcpy(&a.bias_i, job.bias_i + lane0, sizeof a.bias_i);
    if (job.scales) a.scales = Load(job.scales + lane0);
    a.lo = F16{} + job.lo, a.hi = F16{} + job.hi;
    a.magic_less_zero_point = job.magic_less_zero_point;
    a.out_w = s.out_w, a.channels = s.channels;
    a.valid = kPL == 8 ? 8 : std::min(kLanes, s.channels - chunk * kLanes);
    int tags[K];  // which input row each ring slot holds; padding rows are all alike: zeros
    std::fill(tags, tags + K, INT_MIN);
    const float* planes[K];
    for (int y = y0; y < y0 + row_count; ++y) {
      for (int ky = 0; ky < K; ++ky) {
        const int iy = y * S + ky - s.pad_top;
        const bool inside = iy >= 0 && iy < s.in_h;
        const int tag = inside ? iy : -1;
        const int slot = ((iy % K) + K) % K;
        float* plane = ring + slot * plane_floats;
        if (tags[slot] != tag) {
          const size_t offset = (static_cast<size_t>(n) * s.in_h + iy) * s.in_w * s.channels;
          ConvertPlane<kPL>(job, chunk, inside ? static_cast<const T*>(job.input) + offset : nullptr, plane);
          tags[slot] = tag;
        }
        planes[ky] = plane;
      }
      const size_t r = static_cast<size_t>(n) * s.out_h + y;
      a.out = static_cast<T*>(job.output) + r * static_cast<size_t>(s.out_w) * s.channels + lane0;
      SumRow<K, S, kPL, Out>(a, planes, job.vectors);
    }
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

template <class Out>
[[gnu::always_inline]] inline void BlockTile(Variant variant, const Job& job, int n, int y0, int rows, float* ring) {
  switch (variant) {
    case Variant::k3s1: return BlockTile<3, 1, kLanes, Out>(job, n, y0, rows, ring);
    case Variant::k3s2: return BlockTile<3, 2, kLanes, Out>(job, n, y0, rows, ring);
    case Variant::k5s1: return BlockTile<5, 1, kLanes, Out>(job, n, y0, rows, ring);
    case Variant::k5s2: return BlockTile<5, 2, kLanes, Out>(job, n, y0, rows, ring);
    case Variant::k3s1c8: return BlockTile<3, 1, 8, Out>(job, n, y0, rows, ring);
    case Variant::k5s1c8: return BlockTile<5, 1, 8, Out>(job, n, y0, rows, ring);
  }
}

EP_SIMD_CLONES void ConvBlockTile(Variant variant, const Job& job, int n, int y0, int rows, float* ring) {
  if (job.is_float) BlockTile<FloatOutput>(variant, job, n, y0, rows, ring);
  else if (job.bias_f) BlockTile<Int8Output<false>>(variant, job, n, y0, rows, ring);
  else BlockTile<Int8Output<true>>(variant, job, n, y0, rows, ring);
}

// Scratch of one thread: the ring of converted planes, 64-byte aligned.
float* RingBuffer(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats + kLanes) buffer.resize(floats + kLanes);
  const auto address = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - address % 64) % 64) / sizeof(float);
}

// Blocks of job.block_rows output rows within one image, each chunk by chunk, so the planes and
// weights being summed stay in L1 (a ring of whole rows of 672 channels did not: 5 x 18 x 672 floats).
void ConvTileTask(void* context, size_t first_row, size_t row_count) {
  const Job& job = *static_cast<const Job*>(context);
  const PlanarDepthwiseShape& s = *job.shape;
  const int block = job.block_rows;
  float* ring = RingBuffer(static_cast<size_t>(s.kernel_h) * job.padded_w * job.pixel_lanes);
  const Variant variant = PickVariant(s.kernel_h, s.stride_h, job.pixel_lanes);
  for (size_t row = first_row; row < first_row + row_count;) {
    const int n = static_cast<int>(row / s.out_h), y = static_cast<int>(row % s.out_h);
    const int rows = static_cast<int>(std::min<size_t>({static_cast<size_t>(block), first_row + row_count - row,
                                                        static_cast<size_t>(s.out_h - y)}));
    ConvBlockTile(variant, job, n, y, rows, ring);
    row += rows;
  }
}

// Lane `lane` of the plan's vectors holds this channel; -1 for a padding lane.
int ChannelOfLane(const DepthwisePlan& plan, int lane) {
  const int ch = plan.pixel_lanes == 8 ? lane % 8 : lane;  // C = 8: two pixels per vector
  return ch < plan.shape.channels ? ch : -1;
}

// The layout both kernels share, with `filter` [KH,KW,C] (int8 or float) as float weights.
template <class T>
DepthwisePlan MakePlan(const PlanarDepthwiseShape& shape, const T* filter) {
  DepthwisePlan plan;
  plan.shape = shape;
  const int c = shape.channels, taps = shape.kernel_h * shape.kernel_w;
  plan.pixel_lanes = c == 8 && shape.stride_w == 1 ? 8 : kLanes;
  plan.chunks = plan.pixel_lanes == 8 ? 1 : (c + kLanes - 1) / kLanes;
  const int pixels_per_vector = kLanes / plan.pixel_lanes;
  plan.vectors = (shape.out_w + pixels_per_vector - 1) / pixels_per_vector;
  // Pixels a row's vectors read: the last vector's last pixel's window, past the output's when a
  // two-pixel vector is half outside.
  plan.padded_w = (plan.vectors * pixels_per_vector - 1) * shape.stride_w + shape.kernel_w;
  plan.weights.assign(static_cast<size_t>(plan.chunks) * kLanes * taps, 0.f);
  for (int lane = 0; lane < plan.chunks * kLanes; ++lane) {
    const int ch = ChannelOfLane(plan, lane);
    if (ch < 0) continue;
    const int chunk = lane / kLanes, l = lane % kLanes;
    for (int tap = 0; tap < taps; ++tap)
      plan.weights[(static_cast<size_t>(chunk) * taps + tap) * kLanes + l] =
          static_cast<float>(filter[static_cast<size_t>(tap) * c + ch]);
  }
  return plan;
}

// Fills the job's layout from `plan` and runs its tiles on `threadpool`.
void RunPlan(const DepthwisePlan& plan, Job& job, void* threadpool) {
  const auto pool = static_cast<pthreadpool_t>(threadpool);
  const size_t rows = static_cast<size_t>(plan.shape.batch) * static_cast<size_t>(plan.shape.out_h);
  const size_t threads = pool ? pthreadpool_get_threads_count(pool) : 1;
  // Rows of a tile share their converted input rows (each is read by up to K output rows), so one
  // tile per thread, or up to four when each keeps 8 rows or more, to balance the threads.
  const size_t tiles = threads * std::clamp<size_t>(rows / (8 * threads), 1, 4);
  const size_t tile = threads == 1 ? rows : (rows + tiles - 1) / tiles;
  job.shape = &plan.shape;
  job.weights = plan.weights.data();
  job.pixel_lanes = plan.pixel_lanes, job.chunks = plan.chunks, job.padded_w = plan.padded_w;
  job.vectors = plan.vectors;
  const size_t row_bytes = static_cast<size_t>(plan.shape.in_w) * plan.shape.channels * (job.is_float ? 4 : 1);
  const int in_rows = static_cast<int>(std::max<size_t>(kBlockBytes / row_bytes, plan.shape.kernel_h + 1));
  job.block_rows = std::min((in_rows - plan.shape.kernel_h) / plan.shape.stride_h + 1, plan.shape.out_h);
  pthreadpool_parallelize_1d_tile_1d(pool, ConvTileTask, &job, rows, tile, 0);
}

// The shape conditions both kernels share: square 3x3 or 5x5, equal strides 1 or 2, dilation 1.
bool KernelFits(const PlanarDepthwiseShape& s) {
  if (s.kernel_h != s.kernel_w || (s.kernel_h != 3 && s.kernel_h != kMaxKernel)) return false;
  if (s.stride_h != s.stride_w || (s.stride_h != 1 && s.stride_h != 2)) return false;
  if (s.dilation_h != 1 || s.dilation_w != 1) return false;
  if (s.batch < 1 || s.in_h < 1 || s.in_w < 1 || s.out_h < 1 || s.out_w < 1 || s.channels < 1) return false;
  return s.pad_top >= 0 && s.pad_left >= 0;
}

}  // namespace

bool Int8DepthwiseApplies(const PlanarDepthwiseShape& s, bool per_channel_filter) {
#if !(defined(__x86_64__) || defined(__i386__))
  if (!per_channel_filter) return false;
#else
  (void)per_channel_filter;  // x86 XNNPACK requantizes qs8 with "fp32" too
#endif
  if (!KernelFits(s)) return false;
  // Tiny outputs pay more for the ring set-up per 16 channels than they save: 2x2 outputs took 1.9 us
  // against XNNPACK's 0.86, 4x4 from stride 2 4.0 against 3.8; 4x4 at stride 1 3.5 against 3.9.
  return s.out_h * s.out_w >= (s.stride_h == 1 ? 16 : 32);
}

Int8DepthwiseConv::Int8DepthwiseConv(const PlanarDepthwiseShape& shape, const int8_t* filter,
                                     const float* filter_scales, int num_filter_scales, const int32_t* bias,
                                     const Int8ConvQuant& quant)
    : plan_(MakePlan(shape, filter)),
      input_zero_point_(quant.input_zero_point),
      output_zero_point_(quant.output_zero_point) {
  const int lanes = plan_.chunks * kLanes;
  bias_i_.assign(static_cast<size_t>(lanes), 0);
  scales_.assign(static_cast<size_t>(lanes), 0.f);
  bool int_bias = false;
  for (int lane = 0; lane < lanes; ++lane) {
    const int ch = ChannelOfLane(plan_, lane);
    if (ch < 0) continue;
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
  Job job{};
  job.bias_f = bias_f_.empty() ? nullptr : bias_f_.data();
  job.bias_i = bias_i_.data();
  job.scales = scales_.data();
  job.lo = min_less_zero_point_, job.hi = max_less_zero_point_;
  job.magic_less_zero_point = kMagicBits - output_zero_point_;
  job.input_zero_point = static_cast<float>(input_zero_point_);
  job.input = input, job.output = output;
  RunPlan(plan_, job, threadpool);
}

bool FloatDepthwiseApplies(const PlanarDepthwiseShape& s) {
  if (!KernelFits(s) || s.out_h * s.out_w < 32) return false;  // 4x4 outputs: 4 us against XNNPACK's 2.5
  const size_t input_bytes = static_cast<size_t>(s.in_h) * s.in_w * s.channels * sizeof(float);
  // Measured per node in pose_detection and pose_landmark_full (1 thread): 5x5 ran 1.4-2.3x faster
  // than XNNPACK (14x14x672: 0.10 ms against 0.22) up to 56x56x144 (1.8 MB, 0.114 against 0.127),
  // but 64x64x144 (2.4 MB) tied. XNNPACK's 3x3 kernel is faster where there are many channels
  // (14x14x480: 0.047 against 0.032; 64x64x144: 0.42 against 0.24), slower with few (28x28x96:
  // 0.023 against 0.029; 64x64x48: 0.077 against 0.096), and than the narrow path (narrow_conv.h)
  // with up to 24 channels and 2 MB (256x256x8: 0.29 against 0.42).
  if (s.kernel_h == kMaxKernel) return input_bytes <= (size_t{2} << 20);
  return s.channels <= 96 && input_bytes <= (s.channels <= 24 ? size_t{2} << 20 : size_t{1} << 20);
}

FloatDepthwiseConv::FloatDepthwiseConv(const PlanarDepthwiseShape& shape, const float* filter, const float* bias,
                                       float output_min, float output_max)
    : plan_(MakePlan(shape, filter)), output_min_(output_min), output_max_(output_max) {
  bias_.assign(static_cast<size_t>(plan_.chunks) * kLanes, 0.f);
  for (int lane = 0; lane < plan_.chunks * kLanes; ++lane)
    if (const int ch = ChannelOfLane(plan_, lane); ch >= 0 && bias) bias_[lane] = bias[ch];
}

void FloatDepthwiseConv::Run(const float* input, float* output, void* threadpool) const {
  Job job{};
  job.bias_f = bias_.data();
  job.lo = output_min_, job.hi = output_max_;
  job.is_float = true;
  job.input = input, job.output = output;
  RunPlan(plan_, job, threadpool);
}

}  // namespace edgepose::kernels::xnnpack
