// Drops tensors, buffers and operator codes that nothing refers to any more (after ops were
// removed), re-indexing every reference. Buffer 0, the empty sentinel, always stays first.
#pragma once

#include "edgepose/model.h"

namespace edgepose::model {

struct DeadTensorStats {
  int tensors_removed = 0;
  int buffers_removed = 0;
  int opcodes_removed = 0;
};

Status RemoveDeadTensors(Model& model, DeadTensorStats* stats = nullptr);

}  // namespace edgepose::model
