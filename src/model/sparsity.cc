#include "model/sparsity.h"

#include <cstring>
#include <string>

#include "model/tensor_utils.h"

namespace edgepose::model {
namespace {

std::string LevelLabel(size_t level) { return "sparsity level " + std::to_string(level); }

// True when `values[begin, end)` is a permutation of [first, first + (end - begin)).
bool IsPermutation(const std::vector<int32_t>& values, size_t begin, size_t end, int32_t first) {
  std::vector<bool> seen(end - begin, false);
  for (size_t i = begin; i < end; ++i) {
    const int64_t slot = static_cast<int64_t>(values[i]) - first;
    if (slot < 0 || slot >= static_cast<int64_t>(seen.size()) || seen[slot]) return false;
    seen[slot] = true;
  }
  return true;
}

Status ResolveCsrLevel(size_t level_index, int64_t positions, SparseLayout::Level& level,
                       const tfl::DimensionMetadataT& metadata) {
  const std::string label = LevelLabel(level_index);
  EP_ASSIGN_OR_RETURN(level.segments,
                      WithContext(SparseIndexValues(metadata.array_segments), label + " segments"));
  EP_ASSIGN_OR_RETURN(level.indices,
                      WithContext(SparseIndexValues(metadata.array_indices), label + " indices"));
  const auto& segments = level.segments;
  if (static_cast<int64_t>(segments.size()) != positions + 1) {
    return MakeError(label + ": SPARSE_CSR has " + std::to_string(segments.size()) +
                     " segments entries, expected " + std::to_string(positions + 1));
  }
  if (segments.front() != 0) {
    return MakeError(label + ": SPARSE_CSR segments start at " + std::to_string(segments[0]) +
                     ", expected 0");
  }
  for (size_t i = 1; i < segments.size(); ++i) {
    if (segments[i] < segments[i - 1]) {
      return MakeError(label + ": SPARSE_CSR segments decrease at entry " + std::to_string(i));
    }
  }
  if (static_cast<size_t>(segments.back()) != level.indices.size()) {
    return MakeError(label + ": SPARSE_CSR segments end at " + std::to_string(segments.back()) +
                     " but there are " + std::to_string(level.indices.size()) + " indices");
  }
  for (size_t i = 0; i < level.indices.size(); ++i) {
    if (level.indices[i] < 0 || level.indices[i] >= level.size) {
      return MakeError(label + ": SPARSE_CSR index " + std::to_string(level.indices[i]) +
                       " at entry " + std::to_string(i) + " is outside dim of size " +
                       std::to_string(level.size));
    }
  }
  return Ok();
}

// Walks the levels depth first and copies each stored value to its dense position.
class Expander {
 public:
  Expander(const SparseLayout& layout, const uint8_t* values, size_t element_size, uint8_t* dense)
      : layout_(layout), values_(values), element_size_(element_size), dense_(dense),
        coordinates_(layout.levels.size(), 0) {}

  void Run() { Visit(0, 0); }

 private:
  void Visit(size_t level_index, int64_t position) {
    if (level_index == layout_.levels.size()) {
      Store();
      return;
    }
    const SparseLayout::Level& level = layout_.levels[level_index];
    if (!level.sparse) {
      for (int32_t i = 0; i < level.size; ++i) {
        coordinates_[level.dim] = i;
        Visit(level_index + 1, position * level.size + i);
      }
      return;
    }
    for (int32_t i = level.segments[position]; i < level.segments[position + 1]; ++i) {
      coordinates_[level.dim] = level.indices[i];
      Visit(level_index + 1, i);
    }
  }

  void Store() {
    const size_t rank = layout_.dense_shape.size();
    int64_t original[kMaxSparseLevels];
    for (size_t d = 0; d < rank; ++d) original[d] = coordinates_[d];
    for (size_t b = 0; b < layout_.block_map.size(); ++b) {
      const int32_t dim = layout_.block_map[b];
      original[dim] = original[dim] * layout_.block_size[b] + coordinates_[rank + b];
    }
    int64_t flat = 0;
    for (size_t d = 0; d < rank; ++d) flat = flat * layout_.dense_shape[d] + original[d];
    std::memcpy(dense_ + flat * element_size_, values_ + next_value_ * element_size_,
                element_size_);
    ++next_value_;
  }

  const SparseLayout& layout_;
  const uint8_t* values_;
  size_t element_size_;
  uint8_t* dense_;
  std::vector<int32_t> coordinates_;  // per expanded dim
  int64_t next_value_ = 0;
};

}  // namespace

Result<std::vector<int32_t>> SparseIndexValues(const tfl::SparseIndexVectorUnion& vector) {
  if (const auto* v = vector.AsInt32Vector()) return v->values;
  if (const auto* v = vector.AsUint16Vector()) {
    return std::vector<int32_t>(v->values.begin(), v->values.end());
  }
  if (const auto* v = vector.AsUint8Vector()) {
    return std::vector<int32_t>(v->values.begin(), v->values.end());
  }
  return MakeError("missing or unknown index vector (type " + std::to_string(vector.type) + ")");
}

Result<SparseLayout> ResolveSparsity(const std::vector<int32_t>& dense_shape,
                                     const tfl::SparsityParametersT& sparsity) {
  SparseLayout layout;
  layout.dense_shape = dense_shape;
  layout.block_map = sparsity.block_map;
  const size_t rank = dense_shape.size();
  const size_t num_blocks = sparsity.block_map.size();
  const size_t num_levels = rank + num_blocks;
  const auto& order = sparsity.traversal_order;
  EP_ASSIGN_OR_RETURN(layout.dense_elements, NumElements(dense_shape));

  if (rank == 0 || num_blocks > rank || num_levels > kMaxSparseLevels) {
    return MakeError("sparse tensor of rank " + std::to_string(rank) + " with " +
                     std::to_string(num_blocks) + " block dims: need rank >= 1, at most one block "
                     "dim per dense dim and at most " + std::to_string(kMaxSparseLevels) +
                     " levels");
  }
  if (order.size() != num_levels) {
    return MakeError("traversal_order has " + std::to_string(order.size()) +
                     " entries, expected rank + block dims = " + std::to_string(num_levels));
  }
  if (!IsPermutation(order, 0, rank, 0) || !IsPermutation(order, rank, num_levels,
                                                          static_cast<int32_t>(rank))) {
    return MakeError("traversal_order " + ShapeToString(order) +
                     " is not a permutation of the dense dims followed by the block dims");
  }
  for (size_t b = 0; b < num_blocks; ++b) {
    const int32_t dim = sparsity.block_map[b];
    if (dim < 0 || static_cast<size_t>(dim) >= rank || (b > 0 && dim <= sparsity.block_map[b - 1])) {
      return MakeError("block_map " + ShapeToString(sparsity.block_map) +
                       " must list distinct dense dims in increasing order");
    }
  }
  if (sparsity.dim_metadata.size() != num_levels) {
    return MakeError("dim_metadata has " + std::to_string(sparsity.dim_metadata.size()) +
                     " entries, expected " + std::to_string(num_levels));
  }
  for (size_t l = 0; l < num_levels; ++l) {
    if (!sparsity.dim_metadata[l]) return MakeError(LevelLabel(l) + ": missing dim_metadata");
  }

  // Block sizes come from the DENSE level that traverses each block dim.
  layout.block_size.assign(num_blocks, 0);
  layout.expanded_shape.assign(dense_shape.begin(), dense_shape.end());
  layout.expanded_shape.resize(num_levels, 0);
  for (size_t l = rank; l < num_levels; ++l) {
    const size_t b = order[l] - rank;
    const auto& metadata = *sparsity.dim_metadata[l];
    if (metadata.format != tfl::DimensionType_DENSE || metadata.dense_size <= 0) {
      return MakeError(LevelLabel(l) + ": block dims must be DENSE with dense_size > 0");
    }
    const int32_t dim = sparsity.block_map[b];
    if (dense_shape[dim] % metadata.dense_size != 0) {
      return MakeError(LevelLabel(l) + ": block size " + std::to_string(metadata.dense_size) +
                       " does not divide dim " + std::to_string(dim) + " of size " +
                       std::to_string(dense_shape[dim]));
    }
    layout.block_size[b] = metadata.dense_size;
    layout.expanded_shape[dim] = dense_shape[dim] / metadata.dense_size;
    layout.expanded_shape[rank + b] = metadata.dense_size;
  }

  int64_t positions = 1;
  layout.levels.resize(num_levels);
  for (size_t l = 0; l < num_levels; ++l) {
    const auto& metadata = *sparsity.dim_metadata[l];
    SparseLayout::Level& level = layout.levels[l];
    level.dim = order[l];
    level.size = layout.expanded_shape[level.dim];
    if (metadata.format == tfl::DimensionType_DENSE) {
      if (metadata.dense_size <= 0 || metadata.dense_size != level.size) {
        return MakeError(LevelLabel(l) + ": DENSE dense_size " +
                         std::to_string(metadata.dense_size) + ", expected " +
                         std::to_string(level.size) + " (dim " + std::to_string(level.dim) + ")");
      }
      positions *= level.size;  // bounded by dense_elements, no overflow
    } else if (metadata.format == tfl::DimensionType_SPARSE_CSR) {
      level.sparse = true;
      EP_RETURN_IF_ERROR(ResolveCsrLevel(l, positions, level, metadata));
      positions = static_cast<int64_t>(level.indices.size());
    } else {
      return MakeError(LevelLabel(l) + ": unknown dimension format " +
                       std::to_string(metadata.format));
    }
  }
  layout.stored_values = positions;
  return layout;
}

Result<std::vector<uint8_t>> Densify(const tfl::TensorT& tensor, const uint8_t* data,
                                     size_t size) {
  if (!tensor.sparsity) return MakeError("tensor \"" + tensor.name + "\" is not sparse");
  const size_t element_size = TensorTypeSize(tensor.type);
  if (element_size == 0) {
    return MakeError(std::string("cannot densify dtype ") + TensorTypeName(tensor.type));
  }
  EP_ASSIGN_OR_RETURN(SparseLayout layout, ResolveSparsity(tensor.shape, *tensor.sparsity));
  const uint64_t expected = static_cast<uint64_t>(layout.stored_values) * element_size;
  if (size != expected) {
    return MakeError("sparse data has " + std::to_string(size) + " bytes, expected " +
                     std::to_string(expected) + " (" + std::to_string(layout.stored_values) +
                     " stored values)");
  }
  if (static_cast<uint64_t>(layout.dense_elements) > kMaxDensifiedBytes / element_size) {
    return MakeError("dense result of " + std::to_string(layout.dense_elements) + " " +
                     TensorTypeName(tensor.type) + " elements exceeds the 1 GiB limit");
  }
  const uint64_t dense_bytes = static_cast<uint64_t>(layout.dense_elements) * element_size;
  std::vector<uint8_t> dense(static_cast<size_t>(dense_bytes), 0);
  Expander(layout, data, element_size, dense.data()).Run();
  return dense;
}

}  // namespace edgepose::model
