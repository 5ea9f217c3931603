#include "pose/anchors.h"

#include <cmath>
#include <string>

namespace edgepose::pose {
namespace {

// Linear interpolation of the anchor scale over the layers (ssd_anchors_calculator.cc).
float LayerScale(float min_scale, float max_scale, int layer, int num_layers) {
  if (num_layers == 1) return (min_scale + max_scale) * 0.5f;
  return min_scale + (max_scale - min_scale) * 1.0f * layer / (num_layers - 1.0f);
}

}  // namespace

Result<std::vector<Anchor>> GenerateAnchors(const AnchorOptions& options) {
  if (options.num_layers <= 0 || static_cast<int>(options.strides.size()) != options.num_layers) {
    return MakeError("anchors: num_layers " + std::to_string(options.num_layers) + " but " +
                     std::to_string(options.strides.size()) + " strides");
  }
  if (options.input_size_width <= 0 || options.input_size_height <= 0) {
    return MakeError("anchors: input size must be positive");
  }
  for (int stride : options.strides) {
    if (stride <= 0) return MakeError("anchors: stride must be positive");
  }
  const int num_strides = static_cast<int>(options.strides.size());
  std::vector<Anchor> anchors;
  int layer = 0;
  while (layer < options.num_layers) {
    std::vector<float> anchor_widths;
    std::vector<float> anchor_heights;
    // Consecutive layers with the same stride share one feature map; their anchors are
    // emitted together, cell by cell.
    int last_same_stride_layer = layer;
    while (last_same_stride_layer < num_strides &&
           options.strides[last_same_stride_layer] == options.strides[layer]) {
      const float scale =
          LayerScale(options.min_scale, options.max_scale, last_same_stride_layer, num_strides);
      std::vector<float> aspect_ratios;
      std::vector<float> scales;
      if (last_same_stride_layer == 0 && options.reduce_boxes_in_lowest_layer) {
        aspect_ratios = {1.0f, 2.0f, 0.5f};
        scales = {0.1f, scale, scale};
      } else {
        for (float ratio : options.aspect_ratios) {
          aspect_ratios.push_back(ratio);
          scales.push_back(scale);
        }
        if (options.interpolated_scale_aspect_ratio > 0.0f) {
          const float next_scale =
              last_same_stride_layer == num_strides - 1
                  ? 1.0f
                  : LayerScale(options.min_scale, options.max_scale, last_same_stride_layer + 1,
                               num_strides);
          scales.push_back(std::sqrt(scale * next_scale));
          aspect_ratios.push_back(options.interpolated_scale_aspect_ratio);
        }
      }
      for (size_t i = 0; i < aspect_ratios.size(); ++i) {
        const float ratio_sqrt = std::sqrt(aspect_ratios[i]);
        anchor_heights.push_back(scales[i] / ratio_sqrt);
        anchor_widths.push_back(scales[i] * ratio_sqrt);
      }
      ++last_same_stride_layer;
    }
    const int stride = options.strides[layer];
    const int map_height = static_cast<int>(std::ceil(1.0f * options.input_size_height / stride));
    const int map_width = static_cast<int>(std::ceil(1.0f * options.input_size_width / stride));
    for (int y = 0; y < map_height; ++y) {
      for (int x = 0; x < map_width; ++x) {
        for (size_t a = 0; a < anchor_heights.size(); ++a) {
          Anchor anchor;
          anchor.x_center = (x + options.anchor_offset_x) * 1.0f / map_width;
          anchor.y_center = (y + options.anchor_offset_y) * 1.0f / map_height;
          if (!options.fixed_anchor_size) {
            anchor.width = anchor_widths[a];
            anchor.height = anchor_heights[a];
          }
          anchors.push_back(anchor);
        }
      }
    }
    layer = last_same_stride_layer;
  }
  return anchors;
}

}  // namespace edgepose::pose
