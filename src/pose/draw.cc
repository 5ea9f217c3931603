#include "pose/draw.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace edgepose::pose {
namespace {

const cv::Scalar kLeftColour(0, 140, 255);     // BGR orange: the person's left side
const cv::Scalar kRightColour(255, 170, 0);    // BGR light blue: right side
const cv::Scalar kCentreColour(230, 230, 230);
const cv::Scalar kRegionColour(0, 220, 0);
const cv::Scalar kTextColour(255, 255, 255);

// BlazePose numbering: odd indices from 1 are the left side, even from 2 the right (0 nose).
cv::Scalar SideColour(int a, int b) {
  if (a > 0 && b > 0 && a % 2 == 1 && b % 2 == 1) return kLeftColour;
  if (a > 0 && b > 0 && a % 2 == 0 && b % 2 == 0) return kRightColour;
  return kCentreColour;
}

void DrawTextPanel(cv::Mat& bgr, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  const double font_scale = std::clamp(bgr.rows / 900.0, 0.4, 1.0);
  const int thickness = font_scale > 0.7 ? 2 : 1;
  int baseline = 0;
  const cv::Size line_size =
      cv::getTextSize("Ag", cv::FONT_HERSHEY_SIMPLEX, font_scale, thickness, &baseline);
  const int line_height = line_size.height + baseline + 4;
  int width = 0;
  for (const auto& line : lines) {
    width = std::max(width,
                     cv::getTextSize(line, cv::FONT_HERSHEY_SIMPLEX, font_scale, thickness, &baseline).width);
  }
  const cv::Rect panel(0, 0, std::min(bgr.cols, width + 12),
                       std::min(bgr.rows, line_height * static_cast<int>(lines.size()) + 8));
  cv::Mat roi = bgr(panel);
  cv::Mat dark(roi.size(), roi.type(), cv::Scalar(0, 0, 0));
  cv::addWeighted(roi, 0.45, dark, 0.55, 0.0, roi);  // keeps the text readable on any frame
  int y = 4 + line_size.height;
  for (const auto& line : lines) {
    cv::putText(bgr, line, {6, y}, cv::FONT_HERSHEY_SIMPLEX, font_scale, kTextColour, thickness,
                cv::LINE_AA);
    y += line_height;
  }
}

std::string Format(const char* format, double a, double b = 0.0) {
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), format, a, b);
  return buffer;
}

}  // namespace

const std::array<std::pair<int, int>, 35>& PoseConnections() {
  static const std::array<std::pair<int, int>, 35> kConnections = {{
      {0, 1},   {1, 2},   {2, 3},   {3, 7},   {0, 4},   {4, 5},   {5, 6},   {6, 8},   {9, 10},
      {11, 12}, {11, 13}, {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16},
      {16, 18}, {16, 20}, {16, 22}, {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26},
      {25, 27}, {26, 28}, {27, 29}, {28, 30}, {29, 31}, {30, 32}, {27, 31}, {28, 32},
  }};
  return kConnections;
}

std::array<cv::Point2f, 4> RegionCorners(const NormalizedRect& rect, int image_width,
                                         int image_height) {
  // Same mapping as the crop (image/image_to_tensor.cc): centre + R(rotation) * (dx * w, dy * h).
  const float cx = rect.x_center * image_width, cy = rect.y_center * image_height;
  const float w = rect.width * image_width, h = rect.height * image_height;
  const float c = std::cos(rect.rotation), s = std::sin(rect.rotation);
  const float offsets[4][2] = {{-0.5f, -0.5f}, {0.5f, -0.5f}, {0.5f, 0.5f}, {-0.5f, 0.5f}};
  std::array<cv::Point2f, 4> corners;
  for (int i = 0; i < 4; ++i) {
    const float dx = offsets[i][0] * w, dy = offsets[i][1] * h;
    corners[i] = {cx + c * dx - s * dy, cy + s * dx + c * dy};
  }
  return corners;
}

void DrawPose(cv::Mat& bgr, const PoseResult& result, const OverlayText& text,
              const DrawOptions& options) {
  if (bgr.empty()) return;
  const int line_width = std::max(1, std::min(bgr.cols, bgr.rows) / 240);
  if (result.roi.width > 0.0f) {
    const auto corners = RegionCorners(result.roi, bgr.cols, bgr.rows);
    for (int i = 0; i < 4; ++i) {
      cv::line(bgr, corners[i], corners[(i + 1) % 4], kRegionColour, line_width, cv::LINE_AA);
    }
  }
  if (result.pose_present && result.landmarks.size() >= 33) {
    std::vector<cv::Point2f> points;
    for (const Landmark& lm : result.landmarks) {
      points.emplace_back(lm.x * bgr.cols, lm.y * bgr.rows);
    }
    auto shown = [&](int i) { return result.landmarks[i].visibility >= options.min_visibility; };
    for (const auto& [a, b] : PoseConnections()) {
      if (shown(a) && shown(b)) {
        cv::line(bgr, points[a], points[b], SideColour(a, b), line_width + 1, cv::LINE_AA);
      }
    }
    for (size_t i = 0; i < points.size(); ++i) {
      if (!shown(static_cast<int>(i))) continue;
      cv::circle(bgr, points[i], line_width + 2, SideColour(static_cast<int>(i), static_cast<int>(i)),
                 cv::FILLED, cv::LINE_AA);
    }
  }
  std::vector<std::string> lines;
  if (text.fps > 0.0) lines.push_back(Format("%.1f fps", text.fps));
  const StageTimes& t = result.times;
  if (result.detector_ran) {
    lines.push_back(Format("detector %.1f ms (+%.1f pre/post)", t.detector_ms,
                           t.detector_pre_ms + t.detector_post_ms));
  }
  if (result.roi.width > 0.0f) {
    lines.push_back(Format("landmarks %.1f ms (+%.1f pre/post)", t.landmark_ms,
                           t.landmark_pre_ms + t.landmark_post_ms + t.smoothing_ms));
  }
  lines.push_back(result.pose_present ? Format("pose %.2f, total %.1f ms", result.pose_presence, t.total_ms)
                                      : Format("no pose, total %.1f ms", t.total_ms));
  if (text.reps) lines.push_back(text.exercise + ": " + std::to_string(*text.reps) + " reps");
  DrawTextPanel(bgr, lines);
}

}  // namespace edgepose::pose
