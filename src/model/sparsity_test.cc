#include "model/sparsity.h"

#include <cstring>

#include <gtest/gtest.h>

#include "edgepose/model.h"
#include "model/tensor_utils.h"
#include "model/test_util.h"

namespace edgepose::model {
namespace {

std::unique_ptr<tfl::DimensionMetadataT> Dense(int size) {
  auto level = std::make_unique<tfl::DimensionMetadataT>();
  level->format = tfl::DimensionType_DENSE;
  level->dense_size = size;
  return level;
}

template <class Vector = tfl::Int32VectorT>
std::unique_ptr<tfl::DimensionMetadataT> Csr(std::vector<int> segments, std::vector<int> indices) {
  auto level = std::make_unique<tfl::DimensionMetadataT>();
  level->format = tfl::DimensionType_SPARSE_CSR;
  Vector seg, idx;
  seg.values.assign(segments.begin(), segments.end());
  idx.values.assign(indices.begin(), indices.end());
  level->array_segments.Set(std::move(seg));
  level->array_indices.Set(std::move(idx));
  return level;
}

tfl::TensorT SparseTensor(std::vector<int32_t> shape, std::vector<int32_t> traversal,
                          std::vector<int32_t> block_map,
                          std::vector<std::unique_ptr<tfl::DimensionMetadataT>> levels) {
  tfl::TensorT tensor;
  tensor.name = "sparse";
  tensor.type = tfl::TensorType_FLOAT32;
  tensor.shape = std::move(shape);
  tensor.sparsity = std::make_unique<tfl::SparsityParametersT>();
  tensor.sparsity->traversal_order = std::move(traversal);
  tensor.sparsity->block_map = std::move(block_map);
  tensor.sparsity->dim_metadata = std::move(levels);
  return tensor;
}

std::vector<float> DensifyFloats(const tfl::TensorT& tensor, const std::vector<float>& values) {
  auto dense = Densify(tensor, reinterpret_cast<const uint8_t*>(values.data()),
                       values.size() * sizeof(float));
  EXPECT_TRUE(dense) << (dense ? "" : dense.error().message);
  if (!dense) return {};
  std::vector<float> out(dense->size() / sizeof(float));
  std::memcpy(out.data(), dense->data(), dense->size());
  return out;
}

std::vector<std::unique_ptr<tfl::DimensionMetadataT>> Levels(
    std::unique_ptr<tfl::DimensionMetadataT> a, std::unique_ptr<tfl::DimensionMetadataT> b,
    std::unique_ptr<tfl::DimensionMetadataT> c = nullptr,
    std::unique_ptr<tfl::DimensionMetadataT> d = nullptr) {
  std::vector<std::unique_ptr<tfl::DimensionMetadataT>> levels;
  levels.push_back(std::move(a));
  levels.push_back(std::move(b));
  if (c) levels.push_back(std::move(c));
  if (d) levels.push_back(std::move(d));
  return levels;
}

// Row-major CSR of [[0,5,0,0],[0,0,0,0],[7,0,0,9]]: row pointers {0,1,1,3}, columns {1,0,3}.
TEST(SparsityTest, DensifiesRowMajorCsr) {
  const tfl::TensorT tensor =
      SparseTensor({3, 4}, {0, 1}, {}, Levels(Dense(3), Csr({0, 1, 1, 3}, {1, 0, 3})));
  EXPECT_EQ(DensifyFloats(tensor, {5, 7, 9}),
            (std::vector<float>{0, 5, 0, 0, 0, 0, 0, 0, 7, 0, 0, 9}));
}

TEST(SparsityTest, NarrowIndexVectorsGiveTheSameResult) {
  const tfl::TensorT tensor = SparseTensor(
      {3, 4}, {0, 1}, {}, Levels(Dense(3), Csr<tfl::Uint8VectorT>({0, 1, 1, 3}, {1, 0, 3})));
  EXPECT_EQ(DensifyFloats(tensor, {5, 7, 9}),
            (std::vector<float>{0, 5, 0, 0, 0, 0, 0, 0, 7, 0, 0, 9}));
}

// Column-major (CSC) storage of [[1,0,2],[0,3,0]]: columns visited first.
TEST(SparsityTest, DensifiesColumnMajorTraversal) {
  const tfl::TensorT tensor =
      SparseTensor({2, 3}, {1, 0}, {}, Levels(Dense(3), Csr({0, 1, 2, 3}, {0, 1, 0})));
  EXPECT_EQ(DensifyFloats(tensor, {1, 3, 2}), (std::vector<float>{1, 0, 2, 0, 3, 0}));
}

// 4x4 with 2x2 blocks: block (0,0) = [[1,2],[3,4]], block (1,1) = [[0,0],[5,6]], others zero.
// Levels: block rows (DENSE 2), block columns (CSR), then the 2x2 block (DENSE, DENSE).
TEST(SparsityTest, DensifiesBlockSparseMatrix) {
  const tfl::TensorT tensor = SparseTensor({4, 4}, {0, 1, 2, 3}, {0, 1},
                                           Levels(Dense(2), Csr({0, 1, 2}, {0, 1}), Dense(2), Dense(2)));
  auto layout = ResolveSparsity(tensor.shape, *tensor.sparsity);
  ASSERT_TRUE(layout) << layout.error().message;
  EXPECT_EQ(layout->block_size, (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(layout->stored_values, 8);
  EXPECT_EQ(DensifyFloats(tensor, {1, 2, 3, 4, 0, 0, 5, 6}),
            (std::vector<float>{1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6}));
}

TEST(SparsityTest, RejectsDataOfTheWrongSize) {
  const tfl::TensorT tensor =
      SparseTensor({3, 4}, {0, 1}, {}, Levels(Dense(3), Csr({0, 1, 1, 3}, {1, 0, 3})));
  const std::vector<float> values = {5, 7};
  auto dense = Densify(tensor, reinterpret_cast<const uint8_t*>(values.data()), 8);
  ASSERT_FALSE(dense);
  EXPECT_EQ(dense.error().message, "sparse data has 8 bytes, expected 12 (3 stored values)");
}

TEST(SparsityTest, RejectsBlockSizeThatDoesNotDivideTheDim) {
  const tfl::TensorT tensor = SparseTensor({3, 4}, {0, 1, 2}, {0}, Levels(Dense(1), Dense(4), Dense(2)));
  auto layout = ResolveSparsity(tensor.shape, *tensor.sparsity);
  ASSERT_FALSE(layout);
  EXPECT_NE(layout.error().message.find("block size 2 does not divide dim 0 of size 3"),
            std::string::npos);
}

// One stored value may describe a 2^32-element tensor; Densify refuses instead of allocating.
TEST(SparsityTest, RefusesHugeDenseResults) {
  const tfl::TensorT tensor = SparseTensor({65536, 65536}, {0, 1}, {},
                                           Levels(Csr({0, 1}, {0}), Csr({0, 1}, {7})));
  const float value = 1.f;
  auto dense = Densify(tensor, reinterpret_cast<const uint8_t*>(&value), sizeof(value));
  ASSERT_FALSE(dense);
  EXPECT_EQ(dense.error().message,
            "dense result of 4294967296 FLOAT32 elements exceeds the 1 GiB limit");
}

// The 38 sparse FLOAT16 weights of pose_detection: dense levels then one CSR level over the
// last dim (traversal 0,1,2,3). Check independently that every stored value lands at
// row * last_dim + column and every other position is zero.
TEST(SparsityTest, RealSparseWeightsOfPoseDetectionLandWhereTheIndicesSay) {
  const std::string path = testing::FindPoseModel("pose_detection");
  if (path.empty()) GTEST_SKIP() << "pose_detection not found (run scripts/fetch_models.sh)";
  auto model = Model::Load(path);
  ASSERT_TRUE(model) << model.error().message;
  const auto& ir = model->ir();
  int sparse_tensors = 0;
  for (const auto& tensor : ir.subgraphs[0]->tensors) {
    if (!tensor->sparsity) continue;
    ++sparse_tensors;
    const std::vector<uint8_t>& data = ir.buffers[tensor->buffer]->data;
    auto dense = Densify(*tensor, data.data(), data.size());
    ASSERT_TRUE(dense) << dense.error().message;
    const int64_t elements = *NumElements(tensor->shape);
    ASSERT_EQ(dense->size(), static_cast<size_t>(elements) * 2) << tensor->name;

    const auto& levels = tensor->sparsity->dim_metadata;
    ASSERT_EQ(levels.back()->format, tfl::DimensionType_SPARSE_CSR) << tensor->name;
    const std::vector<int32_t> segments = *SparseIndexValues(levels.back()->array_segments);
    const std::vector<int32_t> columns = *SparseIndexValues(levels.back()->array_indices);
    const int64_t last_dim = tensor->shape.back();
    std::vector<uint16_t> expected(static_cast<size_t>(elements), 0);
    for (size_t row = 0; row + 1 < segments.size(); ++row) {
      for (int32_t j = segments[row]; j < segments[row + 1]; ++j) {
        uint16_t value;
        std::memcpy(&value, data.data() + 2 * j, 2);
        expected[row * last_dim + columns[j]] = value;
      }
    }
    ASSERT_EQ(std::memcmp(expected.data(), dense->data(), dense->size()), 0) << tensor->name;
  }
  EXPECT_EQ(sparse_tensors, 38);
}

}  // namespace
}  // namespace edgepose::model
