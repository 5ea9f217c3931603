// Splitting a packed float output into separately quantized outputs: an output whose last axis
// interleaves components of different units and ranges (the landmark model's [1,195] = 39 x
// (x, y, z, visibility, presence); the detector's [1,2254,12] = box + keypoints) gets a single
// scale when quantized, set by the widest component. This pass rewrites the float graph so that
// each group of components is its own output with its own range: the compute ops at the root of
// the output (CONV_2D / FULLY_CONNECTED with constant weights) are duplicated per group with the
// group's output channels only (channel c holds component c mod period), and the shape-only ops
// between them and the output (RESHAPE, CONCATENATION along an earlier axis) are replayed per
// group. The old ops are removed. Runs on the float model before calibration, so every new
// tensor is calibrated like any other.
#pragma once

#include <string>
#include <vector>

#include "edgepose/model.h"
#include "edgepose/status.h"
#include "quant/heads.h"

namespace edgepose::quant {

struct SplitGroup {
  std::string label;            // output name suffix: "<output>_<label>"
  std::vector<int> components;  // in [0, period)
};

struct SplitSpec {
  std::string output;  // float model output name
  int period = 1;      // components per packed element (the output's last dim must be a multiple)
  std::vector<SplitGroup> groups;
};

// "NAME=PERIOD/LABEL:C,C/LABEL:C..." e.g. "Identity=5/xy:0,1/z:2/vis:3,4"; a group may be a
// range "4-11". Every component must be in exactly one group.
Result<SplitSpec> ParseSplitSpec(const std::string& text);

// Rewrites `model` (plain FLOAT32 constants, see model::FoldConstants); returns the heads as
// the metadata records them (the split ones with their parts, the others unsplit).
Result<std::vector<Head>> SplitHeads(Model& model, const std::vector<SplitSpec>& specs);

}  // namespace edgepose::quant
