// Keeps only the chosen outputs of the main subgraph (0) and removes every operator that
// only fed the others (backward reachability from the kept outputs), then dead tensors,
// buffers and opcodes. Outputs are named by tensor name or signature alias; an unknown name
// is an error listing the valid ones. Subgraph inputs stay, even if nothing reads them.
#pragma once

#include <string>
#include <vector>

#include "edgepose/model.h"

namespace edgepose::model {

Status PruneOutputs(Model& model, const std::vector<std::string>& keep_names);

}  // namespace edgepose::model
