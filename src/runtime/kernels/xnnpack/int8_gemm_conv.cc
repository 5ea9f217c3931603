#include "runtime/kernels/xnnpack/int8_gemm_conv.h"

#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define EP_INT8_GEMM_VNNI 1
// GCC 12's AVX-512 headers start some conversions from _mm512_undefined_*(), which its
// -Wuninitialized reports at every inlined use (a false positive, fixed in GCC 13).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// Only these functions use AVX-512; the build stays baseline x86-64 and they run only after
// Int8GemmConvAvailable() saw the features.
#define EP_VNNI_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#endif

namespace edgepose::kernels::xnnpack {
namespace {

constexpr int kBlockChannels = 16;         // int32 lanes of one 512-bit accumulator
constexpr int kMicroRows = 8;              // rows per micro-kernel call: 8 x 2 blocks = 16 accumulators
constexpr int kMaxRowBytes = 16384;        // K4 limit: one tile of rows stays in L2
constexpr int kTileBytes = 32 * 1024;      // rows of a tile (its packed activations) fit L1
constexpr int kMaxTileRows = 64;
// Up to this many output channels, each row is one dot product per channel (row_weights_) instead of
// a 16-channel block: a block would be mostly idle lanes (the 256x256 segmentation head: 3x3, 8 -> 1).
constexpr int kMaxRowDotOutputs = 2;
constexpr int kChunkBlocksWhenFewRows = 4; // channel split when the rows alone cannot feed the threads

int RoundUp(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

size_t RowVectors(int row_bytes) { return (static_cast<size_t>(row_bytes) + 63) / 64; }

int TileRows(int row_bytes) {
  const int rows = std::clamp(kTileBytes / row_bytes, kMicroRows, kMaxTileRows);
  return rows / kMicroRows * kMicroRows;
}

}  // namespace

bool Int8GemmConvAvailable() {
#ifdef EP_INT8_GEMM_VNNI
  static const bool available = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
  return available;
#else
  return false;
#endif
}

bool Int8GemmConvApplies(const Int8GemmConvShape& s) {
  const int64_t row = int64_t{s.kernel_h} * s.kernel_w * s.in_c;
  return Int8GemmConvAvailable() && row <= kMaxRowBytes;
}

Int8GemmConv::Int8GemmConv(const Int8GemmConvShape& shape, const int8_t* filter, const float* filter_scales,
                           int num_filter_scales, const int32_t* bias, const Int8ConvQuant& quant)
    : shape_(shape) {
  const int taps = shape.kernel_h * shape.kernel_w * shape.in_c;
  row_bytes_ = RoundUp(taps, 4);
  channel_blocks_ = (shape.out_c + kBlockChannels - 1) / kBlockChannels;
  const size_t padded_channels = static_cast<size_t>(channel_blocks_) * kBlockChannels;
  const size_t block_bytes = static_cast<size_t>(row_bytes_) * kBlockChannels;
  weights_.assign(block_bytes * static_cast<size_t>(channel_blocks_) + 63, 0);
  weights_offset_ = (64 - reinterpret_cast<uintptr_t>(weights_.data()) % 64) % 64;
  uint8_t* packed = weights_.data() + weights_offset_;
  bias_.assign(padded_channels, 0);
  scales_.assign(padded_channels, 0.f);
  const int32_t shift = quant.input_zero_point + 128;
  for (int c = 0; c < shape.out_c; ++c) {
    const int8_t* row = filter + static_cast<size_t>(c) * static_cast<size_t>(taps);
    uint8_t* block = packed + static_cast<size_t>(c / kBlockChannels) * block_bytes;
    const int lane = c % kBlockChannels;
    int32_t sum = 0;
    for (int k = 0; k < taps; ++k) {
      block[static_cast<size_t>(k / 4) * (kBlockChannels * 4) + static_cast<size_t>(lane) * 4 + k % 4] =
          static_cast<uint8_t>(row[k]);
      sum += row[k];
    }
    // Modulo 2^32 like the accumulation itself (vpdpbusd wraps), so no overflow can differ from XNNPACK's.
    const uint32_t folded = static_cast<uint32_t>(bias ? bias[c] : 0) - static_cast<uint32_t>(shift * sum);
    bias_[static_cast<size_t>(c)] = static_cast<int32_t>(folded);
    const float filter_scale = filter_scales[num_filter_scales == 1 ? 0 : c];
    scales_[static_cast<size_t>(c)] = RequantizationScale(quant, filter_scale);
  }
  pointwise_ = shape.kernel_h == 1 && shape.kernel_w == 1 && shape.stride_h == 1 && shape.stride_w == 1 &&
               shape.pad_top == 0 && shape.pad_left == 0 && shape.out_h == shape.in_h && shape.out_w == shape.in_w;
  row_dot_ = shape.out_c <= kMaxRowDotOutputs;
  window_dot_ = row_dot_ && !pointwise_ && shape.dilation_w == 1 && shape.kernel_w * shape.in_c <= 64;
  if (window_dot_) {  // [C_out][KH][64 bytes]: one filter row per vector, zero past its KW * C_in taps
    const size_t filter_row = static_cast<size_t>(shape.kernel_w * shape.in_c);
    row_weights_.assign(static_cast<size_t>(shape.out_c * shape.kernel_h) * 64, 0);
    for (size_t r = 0; r < static_cast<size_t>(shape.out_c * shape.kernel_h); ++r)
      std::memcpy(row_weights_.data() + r * 64, filter + r * filter_row, filter_row);
  } else if (row_dot_) {  // [C_out][row vectors][64 bytes], zero past the taps
    const size_t stride = RowVectors(row_bytes_) * 64;
    row_weights_.assign(stride * static_cast<size_t>(shape.out_c), 0);
    for (int c = 0; c < shape.out_c; ++c)
      std::memcpy(row_weights_.data() + static_cast<size_t>(c) * stride, filter + static_cast<size_t>(c) * taps,
                  static_cast<size_t>(taps));
  }
  min_less_zero_point_ = static_cast<float>(quant.output_min - quant.output_zero_point);
  max_less_zero_point_ = static_cast<float>(quant.output_max - quant.output_zero_point);
  output_zero_point_ = quant.output_zero_point;
  padding_byte_ = static_cast<uint8_t>(static_cast<uint8_t>(quant.input_zero_point) ^ 0x80u);
}

#ifdef EP_INT8_GEMM_VNNI
namespace {

struct RunJob {
  const Int8GemmConvShape* shape;
  const uint8_t* weights;
  const int32_t* bias;
  const float* scales;
  float min_less_zero_point, max_less_zero_point;
  int32_t output_zero_point;
  uint8_t padding_byte;
  bool pointwise, row_dot, window_dot;
  const uint8_t* row_weights;
  int padded_w;  // window dot: pad_left + in_w + padding after
  int row_bytes, channel_blocks, tile_rows, chunk_blocks;
  size_t rows;
  const int8_t* input;
  int8_t* output;
};

// dst[i] = src[i] + 128 as unsigned bytes, i < count: whole vectors, then 8-byte words and bytes (the
// filter rows of few-channel layers are 9-24 bytes, all tail).
EP_VNNI_TARGET inline void FlipSign(const uint8_t* src, size_t count, uint8_t* dst) {
  size_t i = 0;
  for (const __m512i sign = _mm512_set1_epi8(static_cast<char>(0x80)); i + 64 <= count; i += 64)
    _mm512_storeu_si512(dst + i, _mm512_xor_si512(_mm512_loadu_si512(src + i), sign));
  for (; i + 8 <= count; i += 8) {
    uint64_t word;
    std::memcpy(&word, src + i, 8);
    word ^= 0x8080808080808080ull;
    std::memcpy(dst + i, &word, 8);
  }
  for (; i < count; ++i) dst[i] = src[i] ^ 0x80u;
}

// Rows [first, first + count) of the GEMM's activations as unsigned bytes, `row_bytes` apart; the
// bytes past the receptive field meet zero weights, so they only need to be defined.
EP_VNNI_TARGET void PackRows(const RunJob& job, size_t first, int count, uint8_t* __restrict dst) {
  const Int8GemmConvShape& s = *job.shape;
  const size_t row_bytes = static_cast<size_t>(job.row_bytes);
  const size_t channels = static_cast<size_t>(s.in_c);
  const auto* input = reinterpret_cast<const uint8_t*>(job.input);
  const size_t used = static_cast<size_t>(s.kernel_h * s.kernel_w) * channels;
  if (job.pointwise && used == row_bytes) {  // the tile's rows are contiguous in the input already
    FlipSign(input + first * channels, static_cast<size_t>(count) * row_bytes, dst);
    return;
  }
  if (job.pointwise) {
    for (int r = 0; r < count; ++r) {
      uint8_t* row = dst + static_cast<size_t>(r) * row_bytes;
      FlipSign(input + (first + static_cast<size_t>(r)) * channels, channels, row);
      std::memset(row + used, 0, row_bytes - used);
    }
    return;
  }
  const size_t pixels = static_cast<size_t>(s.out_h) * static_cast<size_t>(s.out_w);
  const size_t window_bytes = static_cast<size_t>(s.kernel_w) * channels;  // one filter row, undilated
  // The output pixel of row `first`, then stepped (divisions per row showed in the profile).
  size_t batch = first / pixels, oy = first % pixels / static_cast<size_t>(s.out_w);
  size_t ox = first % static_cast<size_t>(s.out_w);
  for (int r = 0; r < count; ++r, ++ox) {
    if (ox == static_cast<size_t>(s.out_w)) {
      ox = 0;
      if (++oy == static_cast<size_t>(s.out_h)) oy = 0, ++batch;
    }
    const int x0 = static_cast<int>(ox) * s.stride_w - s.pad_left;
    const bool row_inside = x0 >= 0 && x0 + (s.kernel_w - 1) * s.dilation_w < s.in_w;
    uint8_t* row = dst + static_cast<size_t>(r) * row_bytes;
    for (int ky = 0; ky < s.kernel_h; ++ky) {
      const int iy = static_cast<int>(oy) * s.stride_h - s.pad_top + ky * s.dilation_h;
      const uint8_t* line = input + (batch * static_cast<size_t>(s.in_h) + static_cast<size_t>(iy)) *
                                        static_cast<size_t>(s.in_w) * channels;
      if (iy >= 0 && iy < s.in_h && row_inside && s.dilation_w == 1) {  // the whole filter row in one copy
        FlipSign(line + static_cast<size_t>(x0) * channels, window_bytes, row);
        row += window_bytes;
        continue;
      }
      for (int kx = 0; kx < s.kernel_w; ++kx, row += channels) {
        const int ix = x0 + kx * s.dilation_w;
        if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w)
          std::memset(row, job.padding_byte, channels);
        else
          FlipSign(line + static_cast<size_t>(ix) * channels, channels, row);
      }
    }
    if (used < row_bytes) std::memset(dst + static_cast<size_t>(r) * row_bytes + used, 0, row_bytes - used);
  }
}

// XNNPACK's fp32 requantization of 16 accumulators. Clamping before the rounding gives its result
// (the bounds are integers) and keeps the conversion in range.
EP_VNNI_TARGET inline __m128i Requantize(const RunJob& job, __m512i acc, __m512 scale) {
  __m512 scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), scale);
  scaled = _mm512_min_ps(_mm512_max_ps(scaled, _mm512_set1_ps(job.min_less_zero_point)),
                         _mm512_set1_ps(job.max_less_zero_point));
  const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(scaled), _mm512_set1_epi32(job.output_zero_point));
  return _mm512_cvtsepi32_epi8(q);
}

// out rows x (kBlocks x 16 channels) = rows x K4 bytes times the packed blocks, requantized.
template <int kRows, int kBlocks>
EP_VNNI_TARGET void MicroKernel(const RunJob& job, const uint8_t* a, int block, int8_t* out) {
  const size_t row_bytes = static_cast<size_t>(job.row_bytes);
  const size_t block_bytes = row_bytes * kBlockChannels;
  const uint8_t* w = job.weights + static_cast<size_t>(block) * block_bytes;
  __m512i acc[kRows][kBlocks];
  for (int b = 0; b < kBlocks; ++b) {
    const __m512i bias = _mm512_loadu_si512(job.bias + (block + b) * kBlockChannels);
    for (int r = 0; r < kRows; ++r) acc[r][b] = bias;
  }
  for (size_t k = 0; k < row_bytes; k += 4, w += 4 * kBlockChannels) {
    __m512i wv[kBlocks];
    for (int b = 0; b < kBlocks; ++b) wv[b] = _mm512_load_si512(w + static_cast<size_t>(b) * block_bytes);
    for (int r = 0; r < kRows; ++r) {
      int32_t quad;
      std::memcpy(&quad, a + static_cast<size_t>(r) * row_bytes + k, 4);
      const __m512i av = _mm512_set1_epi32(quad);
      for (int b = 0; b < kBlocks; ++b) acc[r][b] = _mm512_dpbusd_epi32(acc[r][b], av, wv[b]);
    }
  }
  const size_t out_stride = static_cast<size_t>(job.shape->out_c);
  for (int b = 0; b < kBlocks; ++b) {
    const int first_channel = (block + b) * kBlockChannels;
    const int valid = std::min(kBlockChannels, job.shape->out_c - first_channel);
    const __mmask16 mask = static_cast<__mmask16>((1u << valid) - 1u);
    const __m512 scale = _mm512_loadu_ps(job.scales + first_channel);
    for (int r = 0; r < kRows; ++r)
      _mm_mask_storeu_epi8(out + static_cast<size_t>(r) * out_stride + first_channel, mask,
                           Requantize(job, acc[r][b], scale));
  }
}

using MicroKernelFn = void (*)(const RunJob&, const uint8_t*, int, int8_t*);

template <int kBlocks>
MicroKernelFn PickMicroKernel(int rows) {
  switch (rows) {
    case 1: return MicroKernel<1, kBlocks>;
    case 2: return MicroKernel<2, kBlocks>;
    case 3: return MicroKernel<3, kBlocks>;
    case 4: return MicroKernel<4, kBlocks>;
    case 5: return MicroKernel<5, kBlocks>;
    case 6: return MicroKernel<6, kBlocks>;
    case 7: return MicroKernel<7, kBlocks>;
    default: return MicroKernel<kMicroRows, kBlocks>;
  }
}

// Dot products of output channel `c` for `count` <= 16 consecutive pixels, requantized and stored from
// `out` on (the channel's byte of the first pixel; pixels out_c bytes apart).
EP_VNNI_TARGET void StoreDots(const RunJob& job, const int32_t* sums, int count, int c, int8_t* out) {
  const __m512i total = _mm512_add_epi32(_mm512_load_si512(sums), _mm512_set1_epi32(job.bias[c]));
  const __m128i bytes = Requantize(job, total, _mm512_set1_ps(job.scales[c]));
  const int out_c = job.shape->out_c;
  if (out_c == 1) {
    _mm_mask_storeu_epi8(out, static_cast<__mmask16>((1u << count) - 1u), bytes);
    return;
  }
  alignas(16) int8_t values[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(values), bytes);
  for (int r = 0; r < count; ++r) out[static_cast<size_t>(r) * static_cast<size_t>(out_c)] = values[r];
}

// Rows [0, count) of a packed tile (GEMM row `first` onward), one dot product per row and output
// channel, 16 rows requantized together.
EP_VNNI_TARGET void RowDotRows(const RunJob& job, const uint8_t* a, size_t first, int count) {
  const size_t row_bytes = static_cast<size_t>(job.row_bytes), vectors = RowVectors(job.row_bytes);
  const __mmask64 last = row_bytes % 64 ? (__mmask64{1} << (row_bytes % 64)) - 1 : ~__mmask64{0};
  const int out_c = job.shape->out_c;
  for (int r0 = 0; r0 < count; r0 += 16) {
    const int rows = std::min(16, count - r0);
    for (int c = 0; c < out_c; ++c) {
      const uint8_t* w = job.row_weights + static_cast<size_t>(c) * vectors * 64;
      alignas(64) int32_t sums[16] = {};
      for (int r = 0; r < rows; ++r) {
        const uint8_t* row = a + static_cast<size_t>(r0 + r) * row_bytes;
        __m512i acc = _mm512_setzero_si512();
        for (size_t v = 0; v + 1 < vectors; ++v)
          acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(row + 64 * v), _mm512_loadu_si512(w + 64 * v));
        const size_t v = vectors - 1;
        acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(last, row + 64 * v), _mm512_loadu_si512(w + 64 * v));
        sums[r] = _mm512_reduce_add_epi32(acc);
      }
      StoreDots(job, sums, rows, c, job.output + (first + static_cast<size_t>(r0)) * static_cast<size_t>(out_c) + c);
    }
  }
}

// One output line of a window-dot convolution: the KH input lines it reads, sign-flipped once into a
// buffer with the padding columns around them, then per pixel and filter row one masked load of the
// KW * C window straight from that buffer (no per-pixel packing: that was most of the 256x256 head's
// time).
EP_VNNI_TARGET void RunWindowLine(void* context, size_t line) {
  const RunJob& job = *static_cast<const RunJob*>(context);
  const Int8GemmConvShape& s = *job.shape;
  const size_t channels = static_cast<size_t>(s.in_c), line_bytes = static_cast<size_t>(job.padded_w) * channels;
  const size_t batch = line / static_cast<size_t>(s.out_h), oy = line % static_cast<size_t>(s.out_h);
  thread_local std::vector<uint8_t> lines;
  if (lines.size() < static_cast<size_t>(s.kernel_h) * line_bytes)
    lines.resize(static_cast<size_t>(s.kernel_h) * line_bytes);
  const size_t left = static_cast<size_t>(s.pad_left) * channels, inside = static_cast<size_t>(s.in_w) * channels;
  for (int ky = 0; ky < s.kernel_h; ++ky) {
    uint8_t* dst = lines.data() + static_cast<size_t>(ky) * line_bytes;
    const int iy = static_cast<int>(oy) * s.stride_h - s.pad_top + ky * s.dilation_h;
    if (iy < 0 || iy >= s.in_h) {
      std::memset(dst, job.padding_byte, line_bytes);
      continue;
    }
    std::memset(dst, job.padding_byte, left);
    FlipSign(reinterpret_cast<const uint8_t*>(job.input) +
                 (batch * static_cast<size_t>(s.in_h) + static_cast<size_t>(iy)) * inside,
             inside, dst + left);
    std::memset(dst + left + inside, job.padding_byte, line_bytes - left - inside);
  }
  const size_t window = static_cast<size_t>(s.kernel_w) * channels;
  const __mmask64 mask = window == 64 ? ~__mmask64{0} : (__mmask64{1} << window) - 1;
  const size_t step = static_cast<size_t>(s.stride_w) * channels;
  int8_t* out_line = job.output + line * static_cast<size_t>(s.out_w) * static_cast<size_t>(s.out_c);
  for (int c = 0; c < s.out_c; ++c) {
    const uint8_t* w = job.row_weights + static_cast<size_t>(c * s.kernel_h) * 64;
    for (int x0 = 0; x0 < s.out_w; x0 += 16) {
      const int count = std::min(16, s.out_w - x0);
      alignas(64) int32_t sums[16] = {};
      for (int p = 0; p < count; ++p) {
        const uint8_t* at = lines.data() + static_cast<size_t>(x0 + p) * step;
        __m512i acc = _mm512_setzero_si512();
        for (int ky = 0; ky < s.kernel_h; ++ky, at += line_bytes)
          acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(mask, at),
                                    _mm512_loadu_si512(w + static_cast<size_t>(ky) * 64));
        sums[p] = _mm512_reduce_add_epi32(acc);
      }
      StoreDots(job, sums, count, c, out_line + static_cast<size_t>(x0) * static_cast<size_t>(s.out_c) + c);
    }
  }
}

// One tile of rows times one chunk of channel blocks.
EP_VNNI_TARGET void RunTile(void* context, size_t tile, size_t chunk) {
  const RunJob& job = *static_cast<const RunJob*>(context);
  thread_local std::vector<uint8_t> packed_rows;
  const size_t first = tile * static_cast<size_t>(job.tile_rows);
  const int count = static_cast<int>(std::min(job.rows - first, static_cast<size_t>(job.tile_rows)));
  const size_t row_bytes = static_cast<size_t>(job.row_bytes);
  if (packed_rows.size() < static_cast<size_t>(job.tile_rows) * row_bytes)
    packed_rows.resize(static_cast<size_t>(kMaxTileRows) * row_bytes);
  PackRows(job, first, count, packed_rows.data());
  if (job.row_dot) return RowDotRows(job, packed_rows.data(), first, count);
  const int first_block = static_cast<int>(chunk) * job.chunk_blocks;
  const int end_block = std::min(job.channel_blocks, first_block + job.chunk_blocks);
  const size_t out_stride = static_cast<size_t>(job.shape->out_c);
  for (int block = first_block; block < end_block; block += 2) {
    const bool pair = block + 1 < end_block;
    for (int r = 0; r < count; r += kMicroRows) {
      const int rows = std::min(kMicroRows, count - r);
      const MicroKernelFn kernel = pair ? PickMicroKernel<2>(rows) : PickMicroKernel<1>(rows);
      kernel(job, packed_rows.data() + static_cast<size_t>(r) * row_bytes, block,
             job.output + (first + static_cast<size_t>(r)) * out_stride);
    }
  }
}

}  // namespace
#endif  // EP_INT8_GEMM_VNNI

void Int8GemmConv::Run(const int8_t* input, int8_t* output, void* threadpool) const {
#ifdef EP_INT8_GEMM_VNNI
  RunJob job{};
  job.shape = &shape_;
  job.weights = weights_.data() + weights_offset_;
  job.bias = bias_.data();
  job.scales = scales_.data();
  job.min_less_zero_point = min_less_zero_point_;
  job.max_less_zero_point = max_less_zero_point_;
  job.output_zero_point = output_zero_point_;
  job.padding_byte = padding_byte_;
  job.pointwise = pointwise_;
  job.row_dot = row_dot_;
  job.window_dot = window_dot_;
  job.row_weights = row_weights_.data();
  job.padded_w = std::max(shape_.pad_left + shape_.in_w, (shape_.out_w - 1) * shape_.stride_w + shape_.kernel_w);
  job.row_bytes = row_bytes_;
  job.channel_blocks = channel_blocks_;
  job.tile_rows = TileRows(row_bytes_);
  job.rows = static_cast<size_t>(shape_.batch) * static_cast<size_t>(shape_.out_h) * static_cast<size_t>(shape_.out_w);
  job.input = input;
  job.output = output;
  const size_t tiles = (job.rows + static_cast<size_t>(job.tile_rows) - 1) / static_cast<size_t>(job.tile_rows);
  auto* pool = static_cast<pthreadpool_t>(threadpool);
  const size_t threads = pool ? pthreadpool_get_threads_count(pool) : 1;
  if (window_dot_) {
    const size_t lines = static_cast<size_t>(shape_.batch) * static_cast<size_t>(shape_.out_h);
    if (pool && threads > 1) return pthreadpool_parallelize_1d(pool, RunWindowLine, &job, lines, 0);
    for (size_t line = 0; line < lines; ++line) RunWindowLine(&job, line);
    return;
  }
  // Few rows (the 7x7 and 2x2 layers): split the channels too, so every thread gets work.
  job.chunk_blocks = threads > 1 && tiles < 4 * threads ? kChunkBlocksWhenFewRows : channel_blocks_;
  const size_t chunks = static_cast<size_t>((channel_blocks_ + job.chunk_blocks - 1) / job.chunk_blocks);
  if (pool && threads > 1) {
    pthreadpool_parallelize_2d(pool, RunTile, &job, tiles, chunks, 0);
    return;
  }
  for (size_t tile = 0; tile < tiles; ++tile)
    for (size_t chunk = 0; chunk < chunks; ++chunk) RunTile(&job, tile, chunk);
#else
  (void)input, (void)output, (void)threadpool;  // Int8GemmConvApplies is false: never constructed
#endif
}

}  // namespace edgepose::kernels::xnnpack
