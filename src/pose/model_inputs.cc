#include "pose/model_inputs.h"

namespace edgepose::pose {

ImageToTensorOptions DetectorInputOptions() {
  ImageToTensorOptions options;
  options.output_width = 224;
  options.output_height = 224;
  options.range_min = -1.0f;
  options.range_max = 1.0f;
  options.border_mode = BorderMode::kZero;
  return options;
}

ImageToTensorOptions LandmarkInputOptions() { return ImageToTensorOptions{}; }

PixelRect ToPixelRect(const NormalizedRect& rect, int image_width, int image_height) {
  return {rect.x_center * image_width, rect.y_center * image_height, rect.width * image_width,
          rect.height * image_height, rect.rotation};
}

}  // namespace edgepose::pose
