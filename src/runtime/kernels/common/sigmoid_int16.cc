#include "runtime/kernels/common/sigmoid_int16.h"

#include <cmath>
#include <string>

namespace edgepose::kernels {

namespace {
// TFLite's CheckedLog2 (in float, as there): log2(x) within 1e-3 of an integer counts as a power
// of two.
bool IsPowerOfTwoScale(float x, int* log2_rounded) {
  const float log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(log2);
  *log2_rounded = static_cast<int>(rounded);
  return std::fabs(log2 - rounded) < 1e-3f;
}
}  // namespace

Result<SigmoidInt16Params> PrepareSigmoidInt16(double input_scale) {
  int log2_rounded = 0;
  if (input_scale > 0.0 && IsPowerOfTwoScale(static_cast<float>(input_scale), &log2_rounded) && log2_rounded == -12)
    return MakeError("int16 input scale " + std::to_string(input_scale) +
                     " is 2^-12 within TFLite's 1e-3 log2 tolerance, where TFLite switches to gemmlowp's "
                     "fixed-point logistic (not supported)");
  if (!(input_scale > 0.0) || input_scale * 4096.0 * 3.0 >= 2147483647.0)
    return MakeError("int16 input scale " + std::to_string(input_scale) + " is out of range");
  double multiplier = input_scale * 4096.0 * 3.0;
  int shift = 0;
  while (multiplier <= 32767.0 / 2.0 && shift <= 30) {
    ++shift;
    multiplier *= 2.0;
  }
  SigmoidInt16Params params;
  params.input_multiplier = static_cast<int32_t>(multiplier);
  params.input_left_shift = shift;
  return params;
}

namespace {
std::array<uint16_t, 256> MakeSigmoidTable() {
  std::array<uint16_t, 256> table{};
  constexpr double kStep = 1.0 / 24.0;
  for (int k = 0; k < 255; ++k) {
    const double x = k * kStep;
    const double s = 1.0 / (1.0 + std::exp(-x));
    // sigmoid is concave for x > 0, so a chord of width h lies below the curve by up to
    // |sigmoid''| h^2 / 8; the table sits half of that above the curve.
    const double curvature = s * (1.0 - s) * (2.0 * s - 1.0);  // -sigmoid''(x), >= 0 here
    table[k] = static_cast<uint16_t>(std::lround(65536.0 * (s + curvature * kStep * kStep / 16.0)));
  }
  table[255] = 0xFFFF;
  return table;
}
}  // namespace

const std::array<uint16_t, 256>& SigmoidTableUInt16() {
  static const std::array<uint16_t, 256> table = MakeSigmoidTable();
  return table;
}

int16_t SigmoidInt16(int16_t input, const SigmoidInt16Params& params) {
  const auto& table = SigmoidTableUInt16();
  const int32_t shift = params.input_left_shift;
  const int32_t round = shift > 0 ? 1 << (shift - 1) : 0;
  // TFLite computes this in int32: it fits whenever the shift is > 0 (multiplier < 2^15); a huge
  // input scale (shift 0) wraps as int32 arithmetic does on the targets LiteRT runs on.
  const int64_t product = static_cast<int64_t>(input) * params.input_multiplier + round;
  const int32_t x = static_cast<int32_t>(static_cast<uint32_t>(product)) >> shift;  // floors like TFLite
  const uint32_t magnitude = x < 0 ? 0u - static_cast<uint32_t>(x) : static_cast<uint32_t>(x);
  const uint32_t index = magnitude >> 9;  // 1/24 per entry: 3 * 4096 / 24 = 512 units
  uint32_t result;
  if (index >= 255) {
    result = 0x7FFFu << 10;
  } else {
    const uint32_t a = table[index], b = table[index + 1];
    result = (a << 9) + (magnitude & 0x1FF) * (b - a);
  }
  // sigmoid(-x) = 1 - sigmoid(x), in 0.25 fixed point, then rounded to Q0.15.
  result = x >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1;
  return static_cast<int16_t>(result >> 10);
}

}  // namespace edgepose::kernels
