// EP_SIMD_CLONES: put in front of a function whose plain C++ loops are worth vectorizing wider than
// the baseline build. On x86-64 with GCC it builds the baseline, x86-64-v3 (AVX2 + FMA) and
// x86-64-v4 (AVX-512) versions and picks one when the program loads; the build itself targets
// baseline x86-64 so the binary runs anywhere. Elsewhere (Arm: NEON is the baseline; Clang;
// AddressSanitizer builds, whose ifunc resolution runs before the sanitizer is set up) it is empty.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define EP_SIMD_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define EP_SIMD_CLONES
#endif
