// Folds weight decompression into plain float32 constants:
//   DEQUANTIZE of a constant FLOAT16 tensor, or of a constant affine-quantized INT8 / UINT8 /
//   INT16 tensor (per-tensor or per-channel), and DENSIFY of a constant sparse tensor
//   (so DENSIFY -> DEQUANTIZE chains fold completely).
// The op's output tensor receives the computed data as its constant buffer, so consumers need
// no rewiring; the op is dropped and dead tensors/buffers/opcodes are removed. Ops whose
// output is a subgraph output are left alone.
#pragma once

#include "edgepose/model.h"

namespace edgepose::model {

struct FoldStats {
  int dequantize_folded = 0;
  int densify_folded = 0;
};

Status FoldConstants(Model& model, FoldStats* stats = nullptr);

}  // namespace edgepose::model
