// IEEE 754 binary16 <-> binary32, exact in both directions where binary16 can represent the
// value (every half converts to float exactly; float -> half rounds to nearest, ties to even).
// Handles signed zeros, subnormals, infinities and NaN (payload kept as far as it fits, and a
// NaN never turns into an infinity). Used to expand FLOAT16 weights (DEQUANTIZE folding) and by
// the runtime's DEQUANTIZE kernel.
#pragma once

#include <cstdint>
#include <cstring>

namespace edgepose {

inline float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  const uint32_t exponent = (half >> 10) & 0x1Fu;
  uint32_t mantissa = half & 0x3FFu;
  uint32_t bits;
  if (exponent == 0x1F) {  // inf / NaN
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {  // normal: rebias 15 -> 127
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {  // signed zero
    bits = sign;
  } else {  // subnormal half = mantissa * 2^-24: normalize it for binary32
    int shift = 0;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x3FFu;
    bits = sign | (static_cast<uint32_t>(113 - shift) << 23) | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

inline uint16_t FloatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  const uint32_t exponent = (bits >> 23) & 0xFFu;
  const uint32_t mantissa = bits & 0x7FFFFFu;

  if (exponent == 0xFF) {  // inf stays inf; NaN keeps its top payload bits and stays NaN
    if (mantissa == 0) return sign | 0x7C00u;
    const uint16_t payload = static_cast<uint16_t>(mantissa >> 13);
    return sign | 0x7C00u | (payload != 0 ? payload : 0x200u);
  }
  const int half_exponent = static_cast<int>(exponent) - 127 + 15;
  if (half_exponent >= 0x1F) return sign | 0x7C00u;  // overflow -> inf
  if (half_exponent <= 0) {
    // Subnormal half (or zero): value = m * 2^-24 with m = full_mantissa >> (14 - half_exponent).
    if (half_exponent < -10) return sign;  // below half the smallest subnormal: rounds to 0
    const uint32_t full_mantissa = mantissa | 0x800000u;
    const int shift = 14 - half_exponent;
    uint32_t result = full_mantissa >> shift;
    const uint32_t remainder = full_mantissa & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (result & 1u))) ++result;
    return sign | static_cast<uint16_t>(result);  // a carry into the exponent is correct
  }
  uint32_t result = (static_cast<uint32_t>(half_exponent) << 10) | (mantissa >> 13);
  const uint32_t remainder = mantissa & 0x1FFFu;
  if (remainder > 0x1000u || (remainder == 0x1000u && (result & 1u))) ++result;  // may round to inf
  return sign | static_cast<uint16_t>(result);
}

}  // namespace edgepose
