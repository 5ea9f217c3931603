#include "image/image_to_tensor.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace edgepose::image {
namespace {

// 224x224, [-1, 1], zero border: how MediaPipe feeds its pose detector.
ImageToTensorOptions DetectorLikeOptions() {
  ImageToTensorOptions options;
  options.output_width = options.output_height = 224;
  options.range_min = -1.0f;
  options.range_max = 1.0f;
  options.border_mode = BorderMode::kZero;
  return options;
}

// A BGR image whose red channel is x and green channel is y (both < 256), so a bilinear sample
// returns the continuous source coordinate it was taken at, in OpenCV's index convention.
cv::Mat CoordinateImage(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) image.at<cv::Vec3b>(y, x) = cv::Vec3b(7, y, x);
  }
  return image;
}

// Identity value range: tensor value == interpolated pixel value.
ImageToTensorOptions RawOptions(int size) {
  ImageToTensorOptions options;
  options.output_width = size;
  options.output_height = size;
  options.range_min = 0.0f;
  options.range_max = 255.0f;
  return options;
}

std::vector<float> Crop(const cv::Mat& image, const PixelRect& roi,
                        const ImageToTensorOptions& options) {
  std::vector<float> tensor(static_cast<size_t>(options.output_width) * options.output_height * 3);
  TensorDestination destination{DType::kFloat32, tensor.data(), tensor.size() * 4, 1.0f, 0};
  Status status = ImageToTensor(image, roi, options, destination);
  EXPECT_TRUE(status) << status.error().message;
  return tensor;
}

// The pixel-centre rule written out directly: output pixel (i, j) of an n x n tensor is sampled
// at centre + R(angle) * (((i + 0.5) / n - 0.5) * w, ((j + 0.5) / n - 0.5) * h), whose OpenCV
// index is that point minus 0.5.
cv::Point2d ExpectedSource(const PixelRect& roi, int n, int i, int j) {
  const double dx = ((i + 0.5) / n - 0.5) * roi.width;
  const double dy = ((j + 0.5) / n - 0.5) * roi.height;
  const double c = std::cos(roi.rotation), s = std::sin(roi.rotation);
  return {roi.x_center + c * dx - s * dy - 0.5, roi.y_center + s * dx + c * dy - 0.5};
}

void ExpectSamplesAtPixelCentres(float rotation_degrees) {
  const cv::Mat image = CoordinateImage(240, 200);
  const PixelRect roi{120.0f, 100.0f, 90.0f, 90.0f, rotation_degrees * float(M_PI) / 180.0f};
  const int n = 64;
  const auto tensor = Crop(image, roi, RawOptions(n));
  double worst = 0.0;
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const cv::Point2d expected = ExpectedSource(roi, n, i, j);
      const float* px = &tensor[(static_cast<size_t>(j) * n + i) * 3];
      worst = std::max({worst, std::abs(px[0] - expected.x), std::abs(px[1] - expected.y)});
      EXPECT_NEAR(px[2], 7.0f, 1e-4);  // blue, constant
    }
  }
  // Exact bilinear weights (cv::warpAffine's 1/32-pixel weights would give up to ~0.03).
  EXPECT_LT(worst, 2e-3) << "rotation " << rotation_degrees;
}

TEST(ImageToTensorTest, SamplesPixelCentresWithoutRotation) { ExpectSamplesAtPixelCentres(0); }
TEST(ImageToTensorTest, SamplesPixelCentresRotated90) { ExpectSamplesAtPixelCentres(90); }
TEST(ImageToTensorTest, SamplesPixelCentresRotated30) { ExpectSamplesAtPixelCentres(30); }

TEST(ImageToTensorTest, UnitScaleCropIsAnIntegerShift) {
  // A 64-px ROI into 64 outputs: output i samples source index 100 - 32 + i exactly.
  const cv::Mat image = CoordinateImage(240, 200);
  const auto tensor = Crop(image, {100.0f, 80.0f, 64.0f, 64.0f, 0.0f}, RawOptions(64));
  EXPECT_FLOAT_EQ(tensor[0], 68.0f);
  EXPECT_FLOAT_EQ(tensor[1], 48.0f);
  EXPECT_FLOAT_EQ(tensor[(63 * 64 + 63) * 3], 131.0f);
  // Rotated by 90 degrees: output (i, j) samples (131 - j, 48 + i).
  const auto rotated = Crop(image, {100.0f, 80.0f, 64.0f, 64.0f, float(M_PI) / 2}, RawOptions(64));
  const size_t i = 10, j = 20;
  EXPECT_NEAR(rotated[(j * 64 + i) * 3], 131.0f - j, 1e-3);
  EXPECT_NEAR(rotated[(j * 64 + i) * 3 + 1], 48.0f + i, 1e-3);
}

TEST(ImageToTensorTest, ReplicatesTheEdgeOutsideTheImage) {
  const cv::Mat image = CoordinateImage(100, 100);
  // ROI centred on the top-left corner: the left/top half samples outside the image.
  const auto tensor = Crop(image, {0.0f, 0.0f, 64.0f, 64.0f, 0.0f}, RawOptions(64));
  EXPECT_FLOAT_EQ(tensor[0], 0.0f);   // x clamps to column 0
  EXPECT_FLOAT_EQ(tensor[1], 0.0f);   // y clamps to row 0
  EXPECT_FLOAT_EQ(tensor[(10 * 64 + 40) * 3], 8.0f);  // x = -32 + 40 = 8 inside
}

TEST(ImageToTensorTest, ZeroBorderLetterboxIsBlackOutsideTheImage) {
  cv::Mat image(50, 100, CV_8UC3, cv::Scalar(255, 255, 255));
  PixelRect roi = WholeImageRect(100, 50);
  const ImageToTensorOptions options = DetectorLikeOptions();
  const LetterboxPadding padding = PadRoi(224, 224, true, &roi);
  EXPECT_FLOAT_EQ(padding[0], 0.0f);
  EXPECT_FLOAT_EQ(padding[1], 0.25f);
  EXPECT_FLOAT_EQ(padding[3], 0.25f);
  EXPECT_FLOAT_EQ(roi.width, 100.0f);
  EXPECT_FLOAT_EQ(roi.height, 100.0f);
  const auto tensor = Crop(image, roi, options);
  // Row j samples y = 25 + ((j + 0.5) / 224 - 0.5) * 100, inside [0, 50] for j in 56..167.
  auto at = [&](int x, int y) { return tensor[(static_cast<size_t>(y) * 224 + x) * 3]; };
  EXPECT_FLOAT_EQ(at(100, 55), -1.0f);
  EXPECT_FLOAT_EQ(at(100, 56), 1.0f);
  EXPECT_FLOAT_EQ(at(0, 167), 1.0f);
  EXPECT_FLOAT_EQ(at(223, 168), -1.0f);
  EXPECT_FLOAT_EQ(at(5, 0), -1.0f);
}

TEST(ImageToTensorTest, WritesQuantizedTensors) {
  cv::Mat image(10, 10, CV_8UC3, cv::Scalar(10, 128, 200));  // B, G, R
  const PixelRect roi = WholeImageRect(10, 10);
  ImageToTensorOptions options = DetectorLikeOptions();  // [-1, 1]
  options.output_width = options.output_height = 4;
  std::vector<int8_t> q(4 * 4 * 3);
  ASSERT_TRUE(ImageToTensor(image, roi, options,
                            {DType::kInt8, q.data(), q.size(), 1.0f / 128, -3}));
  // RGB order; real = v / 255 * 2 - 1, q = round(real * 128) - 3.
  EXPECT_EQ(q[0], static_cast<int8_t>(std::nearbyint((200 / 127.5 - 1) * 128) - 3));
  EXPECT_EQ(q[1], static_cast<int8_t>(std::nearbyint((128 / 127.5 - 1) * 128) - 3));
  EXPECT_EQ(q[2], static_cast<int8_t>(std::nearbyint((10 / 127.5 - 1) * 128) - 3));
  std::vector<uint8_t> u(4 * 4 * 3);
  options.range_min = 0.0f;
  ASSERT_TRUE(ImageToTensor(image, roi, options, {DType::kUInt8, u.data(), u.size(), 1.0f / 255, 0}));
  EXPECT_EQ(u[0], 200);
  EXPECT_EQ(u[2], 10);
}

TEST(ImageToTensorTest, RejectsBadInputs) {
  cv::Mat image(10, 10, CV_8UC3, cv::Scalar(0, 0, 0));
  std::vector<float> tensor(4 * 4 * 3);
  ImageToTensorOptions options = RawOptions(4);
  TensorDestination destination{DType::kFloat32, tensor.data(), tensor.size() * 4 - 4, 1.0f, 0};
  EXPECT_FALSE(ImageToTensor(image, WholeImageRect(10, 10), options, destination));
  destination.bytes += 4;
  EXPECT_FALSE(ImageToTensor(image, {5, 5, 0, 0, 0}, options, destination));
  EXPECT_FALSE(ImageToTensor(cv::Mat(), WholeImageRect(10, 10), options, destination));
  EXPECT_TRUE(ImageToTensor(image, WholeImageRect(10, 10), options, destination));
}

}  // namespace
}  // namespace edgepose::image
