// TFLite sparse tensors (the DENSIFY input format), resolved and expanded.
//
// A dense tensor of rank n with dims (d0..dn-1) may be stored block-sparse with k block
// dims (dn..dn+k-1). traversal_order (n + k entries) gives the storage order: its first n
// entries are a permutation of the blocked dense dims, its last k a permutation of the block
// dims. block_map[b] names the dense dim that block dim n+b subdivides. dim_metadata follows
// the traversal order: a DENSE level stores every coordinate (dense_size of them); a
// SPARSE_CSR level stores, for each position of the previous level, a segment of explicit
// coordinates (array_segments[p] .. array_segments[p+1] into array_indices). Every position
// of the last level is one stored value. This follows TFLite's
// kernels/internal/utils/sparsity_format_converter.cc (SparseToDense), where block levels are
// always DENSE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgepose/status.h"
#include "edgepose/tflite_schema_generated.h"

namespace edgepose::model {

// Sparse metadata checked against the dense shape, with index vectors widened to int32.
struct SparseLayout {
  struct Level {
    int32_t dim = 0;         // expanded dim traversed at this level
    bool sparse = false;     // SPARSE_CSR (else DENSE)
    int32_t size = 0;        // extent of that expanded dim
    std::vector<int32_t> segments;  // SPARSE_CSR only
    std::vector<int32_t> indices;   // SPARSE_CSR only
  };
  std::vector<int32_t> dense_shape;     // n dims
  std::vector<int32_t> block_map;       // k entries: block dim n+b subdivides dense dim block_map[b]
  std::vector<int32_t> block_size;      // k entries
  std::vector<int32_t> expanded_shape;  // n blocked dense dims, then the k block dims
  std::vector<Level> levels;            // n + k, in traversal order
  int64_t stored_values = 0;            // values the buffer must hold
  int64_t dense_elements = 0;
};

// Largest rank + block dims accepted (the expansion recurses once per level).
inline constexpr size_t kMaxSparseLevels = 16;
// Largest dense result Densify produces: a few stored values can describe a huge dense
// tensor, and a hostile file must not make us allocate it.
inline constexpr uint64_t kMaxDensifiedBytes = uint64_t{1} << 30;

// Checks every structural rule (permutation, block map, dim_metadata count, DENSE sizes,
// CSR segments starting at 0 and non-decreasing, indices in range) and returns the layout.
Result<SparseLayout> ResolveSparsity(const std::vector<int32_t>& dense_shape,
                                     const tfl::SparsityParametersT& sparsity);

// The stored values of `tensor` (its sparsity must be set) expanded to a dense row-major
// buffer of the same dtype; positions not stored are zero.
Result<std::vector<uint8_t>> Densify(const tfl::TensorT& tensor, const uint8_t* data,
                                     size_t size);

// Index values of a SparseIndexVector union (Int32/Uint16/Uint8Vector) as int32.
Result<std::vector<int32_t>> SparseIndexValues(const tfl::SparseIndexVectorUnion& vector);

}  // namespace edgepose::model
