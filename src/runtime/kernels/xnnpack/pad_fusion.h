// PAD followed by CONV_2D / DEPTHWISE_CONV_2D, as one XNNPACK convolution with explicit padding
// (what TFLite's XNNPACK delegate does): MediaPipe's models pad before every stride-2 layer with
// symmetric zero padding that TFLite's SAME cannot express, and the PAD copy costs ~5-8 % of a run.
//
// Two local decisions, both pure functions of the graph IR and the tensors (NodeContext::graph and
// NodeContext::tensors):
//  - the convolution (at Prepare) reads the PAD's input instead of its output when the PAD is
//    constant zero padding of H and W only (the conv adds it to its own padding), and rewrites
//    its input 0 so the interpreter's lifetimes keep the PAD's input alive;
//  - the PAD (at Bind, when every node is prepared and every constant folded) skips its copy when
//    no one else reads its output: every reader is such a convolution on XNNPACK, it is not a
//    graph output, and no tensor observer watches the run.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/kernel.h"

namespace edgepose::kernels::xnnpack {

struct SpatialPad {
  uint32_t top = 0, bottom = 0, left = 0, right = 0;
  Tensor* input = nullptr;  // the PAD's input (what the convolution reads instead)
};

// The zero spatial padding of the PAD that writes `node`'s input 0, if that is what it is.
std::optional<SpatialPad> ProducerZeroSpatialPad(const runtime::NodeContext& node);

// True when every reader of the PAD node's output absorbs it (see above). Call at Bind.
bool PadFullyAbsorbed(const runtime::NodeContext& pad_node);

}  // namespace edgepose::kernels::xnnpack
