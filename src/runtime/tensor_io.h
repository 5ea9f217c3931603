// Moving data in and out of interpreter tensors: seeded random inputs (for invoke, bench and
// the LiteRT cross-checks, which must feed both runtimes the same bytes) and .npy arrays.
#pragma once

#include <cstdint>
#include <string>

#include "core/npy.h"
#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose::runtime {

// Deterministic for a given seed on every platform (our own generator and mapping, not <random>'s
// distributions). Float tensors get uniform values in [low, high]; integer tensors their full range.
void FillRandom(Tensor& tensor, uint64_t seed, float low = -1.f, float high = 1.f);

// Copies an array into a tensor; dtype and element count must match (shape may differ only by
// leading/trailing 1s). Errors name the tensor.
Status CopyFromNpy(const NpyArray& array, Tensor& tensor);
NpyArray ToNpy(const Tensor& tensor);

// Reads a .npy file, or a raw little-endian file whose size must equal the tensor's bytes.
Status LoadTensorFile(const std::string& path, Tensor& tensor);

}  // namespace edgepose::runtime
