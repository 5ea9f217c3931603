// TFLite's int16 LOGISTIC (kernels/activations.cc SigmoidPrepare/SigmoidEval, reference_integer_ops
// Logistic for int16): the input is rescaled to 1/(3 * 4096) units by an integer multiplier and
// shift, then sigmoid(|x|) is read from a 256-entry table of sigmoid(k / 24) in 0.16 fixed point
// with linear interpolation on the 9 low bits, mirrored for x < 0, output Q0.15 (scale 1/32768).
// This is what LiteRT's default (optimized) kernels run for every input scale except 2^-12 (within
// TFLite's CheckedLog2 tolerance: |log2(scale) + 12| < 1e-3, i.e. a range of +-8 within 0.07 %),
// where they switch to gemmlowp's fixed-point logistic instead (refused here).
#pragma once

#include <array>
#include <cstdint>

#include "edgepose/status.h"

namespace edgepose::kernels {

struct SigmoidInt16Params {
  int32_t input_multiplier = 0;  // input q * multiplier >> left_shift = x * 3 * 4096
  int32_t input_left_shift = 0;
};

// TFLite's input rescaling for an int16 input of `input_scale` (zero point 0): the multiplier is
// input_scale * 3 * 4096 doubled (shift + 1) until it exceeds 32767 / 2, truncated to an integer.
// An error for input_scale ~2^-12 (the case TFLite hands to gemmlowp) and for scales whose
// multiplier does not fit int32.
Result<SigmoidInt16Params> PrepareSigmoidInt16(double input_scale);

// sigmoid(k / 24) in 0.16 fixed point, k = 0..255, offset upward by half of the linear
// interpolation's largest chord error (so the interpolated curve is minimax), as TFLite's
// sigmoid_table_uint16; the last entry is the saturated 0xFFFF.
const std::array<uint16_t, 256>& SigmoidTableUInt16();

int16_t SigmoidInt16(int16_t input, const SigmoidInt16Params& params);

}  // namespace edgepose::kernels
