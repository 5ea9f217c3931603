// PAD / PADV2 params, Prepare and Eval (PADV2 differs only in where the constant comes from);
// shared by both reference kernels and the XNNPACK fast path.
#pragma once

#include <array>
#include <cstdint>

#include "runtime/kernel.h"

namespace edgepose::kernels::reference {

inline constexpr int kPadInput = 0;
inline constexpr int kPadPaddings = 1;
inline constexpr int kPadConstant = 2;  // PADV2 only
inline constexpr size_t kMaxPadRank = 6;

struct PadParams {
  int rank = 0;
  std::array<int32_t, kMaxPadRank> before{}, after{};
  // The fill value in the tensor's own dtype (raw bytes, little endian as in memory).
  std::array<uint8_t, 8> fill{};
};

Result<PadParams> PreparePad(runtime::NodeContext& node);
void EvalPad(const runtime::NodeContext& node, const PadParams& params);

}  // namespace edgepose::kernels::reference
