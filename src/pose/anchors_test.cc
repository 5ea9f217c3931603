#include "pose/anchors.h"

#include <gtest/gtest.h>

namespace edgepose::pose {
namespace {

TEST(AnchorsTest, PoseDetectorHas2254Anchors) {
  auto anchors = GenerateAnchors();
  ASSERT_TRUE(anchors) << anchors.error().message;
  // 28x28 cells x 2 + 14x14 x 2 + 7x7 x (3 layers x 2) = 1568 + 392 + 294.
  EXPECT_EQ(anchors->size(), 2254u);
}

TEST(AnchorsTest, CentresFollowTheCellGrid) {
  auto anchors = GenerateAnchors();
  ASSERT_TRUE(anchors);
  const auto& a = *anchors;
  // First layer (stride 8, 28x28), two anchors per cell.
  EXPECT_FLOAT_EQ(a[0].x_center, 0.5f / 28);
  EXPECT_FLOAT_EQ(a[0].y_center, 0.5f / 28);
  EXPECT_FLOAT_EQ(a[1].x_center, 0.5f / 28);
  EXPECT_FLOAT_EQ(a[2].x_center, 1.5f / 28);
  EXPECT_FLOAT_EQ(a[2 * 28].y_center, 1.5f / 28);
  EXPECT_FLOAT_EQ(a[0].width, 1.0f);
  EXPECT_FLOAT_EQ(a[0].height, 1.0f);
  // Stride 16 starts after 1568 anchors.
  EXPECT_FLOAT_EQ(a[1568].x_center, 0.5f / 14);
  // Stride 32 layers are merged: 6 anchors per 7x7 cell, starting at 1960.
  EXPECT_FLOAT_EQ(a[1960].x_center, 0.5f / 7);
  EXPECT_FLOAT_EQ(a[1965].x_center, 0.5f / 7);
  EXPECT_FLOAT_EQ(a[1966].x_center, 1.5f / 7);
  // Last anchor: bottom-right cell of the 7x7 map.
  EXPECT_FLOAT_EQ(a.back().x_center, 6.5f / 7);
  EXPECT_FLOAT_EQ(a.back().y_center, 6.5f / 7);
}

TEST(AnchorsTest, RejectsMismatchedStrides) {
  AnchorOptions options;
  options.strides = {8, 16};
  EXPECT_FALSE(GenerateAnchors(options));
}

}  // namespace
}  // namespace edgepose::pose
