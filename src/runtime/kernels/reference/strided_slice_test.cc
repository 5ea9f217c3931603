// Expected values: TFLite's own strided_slice_test.cc cases (In1D_*, In2D_*), and numpy
// slicing worked by hand for the ellipsis / new-axis / offset cases.
#include <gtest/gtest.h>

#include <numeric>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

struct Slice {
  std::vector<int32_t> begin, end, strides;
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

OneOpModel SliceModel(DType type, const Shape& shape, const Slice& s) {
  OneOpModel m(tfl::BuiltinOperator_STRIDED_SLICE);
  m.AddInput(type, shape);
  const int32_t n = static_cast<int32_t>(s.begin.size());
  m.AddConstant(DType::kInt32, {n}, s.begin);
  m.AddConstant(DType::kInt32, {n}, s.end);
  m.AddConstant(DType::kInt32, {n}, s.strides);
  m.AddOutput(type);
  tfl::StridedSliceOptionsT options;
  options.begin_mask = s.begin_mask;
  options.end_mask = s.end_mask;
  options.ellipsis_mask = s.ellipsis_mask;
  options.new_axis_mask = s.new_axis_mask;
  options.shrink_axis_mask = s.shrink_axis_mask;
  options.offset = s.offset;
  m.options().Set(options);
  return m;
}

std::vector<float> Iota(int count, float first = 1) {
  std::vector<float> values(count);
  std::iota(values.begin(), values.end(), first);
  return values;
}

void ExpectSlice(const Shape& in_shape, const Slice& s, const Shape& want_shape, const std::vector<float>& want,
                 float first = 1) {
  OneOpModel m = SliceModel(DType::kFloat32, in_shape, s);
  Shape shape;
  auto out = RunReference<float>(m, &shape, Iota(static_cast<int>(NumElements(in_shape)), first));
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, want_shape);
  EXPECT_EQ(*out, want);
}

TEST(StridedSliceTest, OneDimensionIndexRules) {
  ExpectSlice({4}, {{1}, {3}, {1}}, {2}, {2, 3});
  ExpectSlice({4}, {{-3}, {3}, {1}}, {2}, {2, 3});           // negative begin
  ExpectSlice({4}, {{-5}, {3}, {1}}, {3}, {1, 2, 3});        // begin clamps
  ExpectSlice({4}, {{1}, {-2}, {1}}, {1}, {2});              // negative end
  ExpectSlice({4}, {{10}, {3}, {1}}, {0}, {});               // empty
  ExpectSlice({4}, {{1}, {3}, {1}, 1}, {3}, {1, 2, 3});      // begin_mask
  ExpectSlice({4}, {{1}, {3}, {1}, 0, 1}, {3}, {2, 3, 4});   // end_mask
  ExpectSlice({4}, {{-2}, {-3}, {-1}}, {1}, {3});            // negative stride
  ExpectSlice({4}, {{5}, {2}, {-1}}, {1}, {4});              // begin clamps backwards
  ExpectSlice({4}, {{-3}, {-5}, {-1}}, {2}, {2, 1});         // end clamps backwards
  ExpectSlice({3}, {{0}, {3}, {2}}, {2}, {1, 3});            // odd length, stride 2
}

TEST(StridedSliceTest, TwoDimensions) {
  ExpectSlice({2, 3}, {{1, 0}, {2, 2}, {1, 1}}, {1, 2}, {4, 5});
  ExpectSlice({2, 3}, {{1, -1}, {2, -4}, {2, -1}}, {1, 3}, {6, 5, 4});
  ExpectSlice({2, 3}, {{1, -2}, {2, -4}, {1, -1}, 2}, {1, 3}, {6, 5, 4});  // begin_mask, backwards
  ExpectSlice({2, 3}, {{1, -2}, {2, -3}, {1, -1}, 0, 2}, {1, 2}, {5, 4});  // end_mask, backwards
}

TEST(StridedSliceTest, ShrinkAxisDropsDimensions) {
  ExpectSlice({4}, {{-1}, {0}, {1}, 0, 0, 0, 0, 1}, {}, {4});            // x[-1]
  ExpectSlice({2, 3}, {{0, 0}, {1, 3}, {1, 1}, 0, 0, 0, 0, 1}, {3}, {1, 2, 3});
  ExpectSlice({4, 1}, {{0, -1}, {0, 0}, {1, 1}, 1, 1, 0, 0, 2}, {4}, {1, 2, 3, 4});
  ExpectSlice({3}, {{1}, {0}, {-1}, 0, 0, 0, 0, 1}, {}, {2});            // shrink with a negative stride
}

TEST(StridedSliceTest, EllipsisExpandsToTheMissingDimensions) {
  // x[..., 1:3] on [2,3,4] holding 0..23.
  std::vector<float> want;
  for (int a = 0; a < 6; ++a) want.insert(want.end(), {a * 4 + 1.f, a * 4 + 2.f});
  ExpectSlice({2, 3, 4}, {{0, 1}, {0, 3}, {1, 1}, 0, 0, 1}, {2, 3, 2}, want, 0);
  // x[1, ...] on [2,3]: the ellipsis after a shrunk axis.
  ExpectSlice({2, 3}, {{1, 0}, {2, 0}, {1, 1}, 0, 0, 2, 0, 1}, {3}, {3, 4, 5}, 0);
}

TEST(StridedSliceTest, NewAxisInsertsUnitDimension) {
  // x[:, newaxis, 1] on [2,3] holding 0..5 -> [[1], [4]].
  ExpectSlice({2, 3}, {{0, 0, 1}, {0, 0, 2}, {1, 1, 1}, 1, 1, 0, 2, 4}, {2, 1}, {1, 4}, 0);
  // x[newaxis] on [2].
  ExpectSlice({2}, {{0}, {0}, {1}, 0, 0, 0, 1}, {1, 2}, {0, 1}, 0);
}

TEST(StridedSliceTest, OffsetMakesEndRelativeToBegin) {
  Slice s{{1, 0}, {2, 2}, {1, 1}};
  s.offset = true;
  // rows 1..2, cols 0..1 of a [3,3] holding 0..8.
  ExpectSlice({3, 3}, s, {2, 2}, {3, 4, 6, 7}, 0);
}

TEST(StridedSliceTest, Int8CopiesRawBytes) {
  OneOpModel m = SliceModel(DType::kInt8, {5}, {{4}, {0}, {-2}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{-5, -4, -3, -2, -1});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<int8_t>{-1, -3}));
}

TEST(StridedSliceTest, RejectsZeroStrideAndOutOfRangeShrink) {
  OneOpModel zero = SliceModel(DType::kFloat32, {4}, {{0}, {4}, {0}});
  EXPECT_NE(CreateError(zero).find("stride 0 is zero"), std::string::npos) << CreateError(zero);
  OneOpModel shrink = SliceModel(DType::kFloat32, {4}, {{7}, {8}, {1}, 0, 0, 0, 0, 1});
  EXPECT_NE(CreateError(shrink).find("shrink index"), std::string::npos) << CreateError(shrink);
}

}  // namespace
}  // namespace edgepose::testing
