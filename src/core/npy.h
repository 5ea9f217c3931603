// NumPy .npy arrays: the exchange format between EdgePose, its tests and the LiteRT oracle
// (tools/litert/run_model.mjs), and what `edgepose invoke` reads and writes.
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Reads versions 1.0, 2.0 and 3.0; writes 1.0. Little-endian, C order only. dtypes: f4 f2 i1 u1
// i2 i4 i8 b1. Every header field is bounds-checked: a malformed file is an error, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tensor.h"

namespace edgepose {

struct NpyArray {
  DType dtype = DType::kFloat32;
  Shape shape;                // empty for a 0-d (scalar) array
  std::vector<uint8_t> data;  // NumElements(shape) * DTypeSize(dtype) bytes, little-endian

  template <class T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data.data());
  }
  template <class T>
  T* data_as() {
    return reinterpret_cast<T*>(data.data());
  }
};

// An array of the given type and shape, with zeroed data.
NpyArray MakeNpyArray(DType dtype, Shape shape);

// Parses a whole .npy file held in memory; errors carry no file name.
Result<NpyArray> ParseNpy(const uint8_t* bytes, size_t size);
// The .npy bytes (v1.0 header) of an array; fails on a dtype .npy cannot name or a size mismatch.
Result<std::vector<uint8_t>> EncodeNpy(const NpyArray& array);

// Errors are "<path>: <problem>".
Result<NpyArray> ReadNpy(const std::string& path);
Status WriteNpy(const std::string& path, const NpyArray& array);  // atomic (temp file + rename)

}  // namespace edgepose
