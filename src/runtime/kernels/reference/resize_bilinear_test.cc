#include <gtest/gtest.h>

#include "runtime/kernels/reference/spatial_test_helpers.h"

namespace edgepose::testing {
namespace {

template <class T>
OneOpModel ResizeModel(DType type, int out_h, int out_w, bool align_corners, bool half_pixel, const QuantParams& q = {}) {
  OneOpModel m(tfl::BuiltinOperator_RESIZE_BILINEAR, 3);
  m.AddInput(type, {1, 2, 2, 1}, q);
  m.AddConstant(DType::kInt32, {2}, std::vector<int32_t>{out_h, out_w});
  m.AddOutput(type, {}, q);
  tfl::ResizeBilinearOptionsT options;
  options.align_corners = align_corners;
  options.half_pixel_centers = half_pixel;
  m.options().Set(options);
  return m;
}

// Input rows {0, 4}, {8, 12}: value = 8*y + 4*x, a linear function, so bilinear interpolation
// returns 8*sy + 4*sx at the source coordinate (sy, sx), clamped to the input's extent.
const std::vector<float> kLinear = {0, 4, 8, 12};

TEST(ResizeBilinearTest, HalfPixelCentersUpscale) {
  // sy for out rows 0..3 = (y + .5)/2 - .5 = -.25, .25, .75, 1.25 -> clamped 0, .25, .75, 1.
  OneOpModel m = ResizeModel<float>(DType::kFloat32, 4, 4, false, true);
  Shape shape;
  auto out = RunReference<float>(m, &shape, kLinear);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(shape, (Shape{1, 4, 4, 1}));
  const float rows[] = {0, 2, 6, 8}, cols[] = {0, 1, 3, 4};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) EXPECT_FLOAT_EQ((*out)[y * 4 + x], rows[y] + cols[x]) << y << "," << x;
}

TEST(ResizeBilinearTest, AlignCornersUpscale) {
  OneOpModel m = ResizeModel<float>(DType::kFloat32, 3, 3, true, false);  // sy = y/2
  auto out = RunReference<float>(m, nullptr, kLinear);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (std::vector<float>{0, 2, 4, 4, 6, 8, 8, 10, 12}));
}

TEST(ResizeBilinearTest, DefaultUpscaleHoldsTheLastRow) {
  OneOpModel m = ResizeModel<float>(DType::kFloat32, 4, 3, false, false);  // sy = y/2, sx = 2x/3
  auto out = RunReference<float>(m, nullptr, kLinear);
  ASSERT_TRUE(out) << out.error().message;
  const float rows[] = {0, 4, 8, 8}, cols[] = {0, 8.f / 3.f, 4};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 3; ++x) EXPECT_NEAR((*out)[y * 3 + x], rows[y] + cols[x], 1e-6) << y << "," << x;
}

TEST(ResizeBilinearTest, Int8HalfPixelMatchesTheExactLinearValues) {
  OneOpModel m = ResizeModel<int8_t>(DType::kInt8, 4, 4, false, true, {{1.f}, {0}});
  auto out = RunReference<int8_t>(m, nullptr, std::vector<int8_t>{0, 4, 8, 12});
  ASSERT_TRUE(out) << out.error().message;
  const int rows[] = {0, 2, 6, 8}, cols[] = {0, 1, 3, 4};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) EXPECT_EQ((*out)[y * 4 + x], rows[y] + cols[x]) << y << "," << x;
}

TEST(ResizeBilinearTest, RejectsBothAlignCornersAndHalfPixel) {
  OneOpModel m = ResizeModel<float>(DType::kFloat32, 4, 4, true, true);
  EXPECT_NE(CreateError(m).find("cannot both be true"), std::string::npos) << CreateError(m);
}

}  // namespace
}  // namespace edgepose::testing
