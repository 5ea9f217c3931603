// PAD and PADV2 share their XNNPACK entry points (pad.cc); padv2.cc only registers them.
#pragma once

#include "runtime/kernel.h"

namespace edgepose::kernels::xnnpack {

bool SupportsPadNode(const runtime::NodeContext& node);
Result<runtime::KernelParams> PreparePadKernel(runtime::NodeContext& node);
Status BindPadKernel(const runtime::NodeContext& node, runtime::KernelParams& state);
Status EvalPadKernel(const runtime::NodeContext& node, runtime::KernelParams& state);

}  // namespace edgepose::kernels::xnnpack
