#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

// A [1,1,in,1] row 0..in-1 resized to [1,1,out,1]: the output lists the chosen source columns.
std::vector<float> SourceColumns(int in, int out_size, bool align_corners, bool half_pixel) {
  OneOpModel m(tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR, 3);
  m.AddInput(DType::kFloat32, {1, 1, in, 1});
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{1, out_size});
  m.AddOutput(DType::kFloat32);
  tfl::ResizeNearestNeighborOptionsT options;
  options.align_corners = align_corners;
  options.half_pixel_centers = half_pixel;
  m.options().Set(options);
  std::vector<float> row(in);
  for (int i = 0; i < in; ++i) row[i] = static_cast<float>(i);
  auto out = RunReference<float>(m, nullptr, row);
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : std::vector<float>{};
}

TEST(ResizeNearestNeighborTest, DefaultFloorsTheScaledIndex) {
  EXPECT_EQ(SourceColumns(2, 4, false, false), (std::vector<float>{0, 0, 1, 1}));
  EXPECT_EQ(SourceColumns(3, 2, false, false), (std::vector<float>{0, 1}));  // floor(1.5)
}

TEST(ResizeNearestNeighborTest, AlignCornersRoundsTheScaledIndex) {
  EXPECT_EQ(SourceColumns(2, 3, true, false), (std::vector<float>{0, 1, 1}));  // round(0.5) = 1
  EXPECT_EQ(SourceColumns(5, 3, true, false), (std::vector<float>{0, 2, 4}));
}

TEST(ResizeNearestNeighborTest, HalfPixelCentersOffsetsByHalf) {
  EXPECT_EQ(SourceColumns(3, 2, false, true), (std::vector<float>{0, 2}));        // floor(.75), floor(2.25)
  EXPECT_EQ(SourceColumns(2, 4, false, true), (std::vector<float>{0, 0, 1, 1}));  // .25 .75 1.25 1.75
}

TEST(ResizeNearestNeighborTest, CopiesWholePixelsOfInt8) {
  OneOpModel m(tfl::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR);
  m.AddInput(DType::kInt8, {1, 1, 2, 2}, {{1.f}, {0}});
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{2, 4});
  m.AddOutput(DType::kInt8, {}, {{1.f}, {0}});
  Shape shape;
  auto out = RunReference<int8_t>(m, &shape, std::vector<int8_t>{1, 2, 3, 4});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 2, 4, 2}));
  EXPECT_EQ(*out, (std::vector<int8_t>{1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4}));
}

}  // namespace
}  // namespace edgepose::testing
