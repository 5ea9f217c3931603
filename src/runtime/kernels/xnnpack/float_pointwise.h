// Float32 1x1 convolutions with stride 1 and no padding (pointwise layers) as one GEMM on AVX-512
// FMA: out[p][n] = clamp(bias[n] + sum_k in[p][k] * w[n][k], min, max) over the NHWC pixels p.
// Why: Debian's XNNPACK (2022) ran pose_detection's pointwise layers at 30-48 GMAC/s on one
// Sapphire Rapids core (9 of its 9.4 ms of convolutions), a third to a half of the core's FMA peak.
//
// The input rows are the GEMM's left matrix as they lie in memory (no packing); the filter is packed
// once to [C_out/32][C_in][32]. A micro-kernel keeps 8 pixels x 32 channels in 16 accumulators and
// per input channel loads two weight vectors and broadcasts 8 inputs (16 FMAs). Work splits into
// tiles of up to 64 pixels x 32 channels on the node's thread pool. Each sum starts at the bias and
// adds the products in input-channel order (the reference adds the bias last): results agree with it
// within float rounding.
// Where the CPU lacks AVX-512F (and on Arm) the node stays on XNNPACK.
#pragma once

#include <cstddef>
#include <vector>

namespace edgepose::kernels::xnnpack {

struct FloatPointwiseShape {
  int pixels = 1;  // batch * height * width
  int in_c = 1, out_c = 1;
};

// True when this CPU runs the kernel (x86-64 with AVX-512F).
bool FloatPointwiseAvailable();

// True when the layer takes this kernel: the CPU has it, at least 32 input channels, and output
// channels that fill the 32-lane blocks (a multiple of 32, or 64 and more). Measured per node on
// pose_detection and pose_landmark_full (1 thread, against XNNPACK): 1.1-1.35x faster on those
// (14x14 1152 -> 192: 0.57 against 0.71 ms); slower with 8-24 input channels at 64x64 to 256x256
// (stores dominate: 0.5-0.9x) and with 8-48 output channels (idle lanes: 0.5-0.9x).
bool FloatPointwiseApplies(const FloatPointwiseShape& shape);

class FloatPointwiseConv {
 public:
  // `filter` [C_out, 1, 1, C_in], `bias` [C_out] or null; call only when FloatPointwiseAvailable().
  FloatPointwiseConv(const FloatPointwiseShape& shape, const float* filter, const float* bias, float output_min,
                     float output_max);
  void Run(const float* input, float* output, void* threadpool) const;

 private:
  FloatPointwiseShape shape_;
  int blocks_ = 0;              // output channels in blocks of 32 (the last one zero-padded)
  std::vector<float> weights_;  // [blocks][in_c][32], 64-byte aligned at weights_offset_
  size_t weights_offset_ = 0;
  std::vector<float> bias_;     // [blocks * 32]
  float output_min_, output_max_;
};

}  // namespace edgepose::kernels::xnnpack
