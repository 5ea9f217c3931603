// PADV2 as TFLite runs it: PAD with an optional third input constant_values (a one-element tensor
// of the input's dtype, sharing its quantization); without it the fill is as for PAD.
// Prepare and Eval are PAD's (pad.h), which read the third input when the node is PADV2.
#include "runtime/kernels/reference/pad.h"

namespace edgepose::kernels::reference {
namespace {

Result<runtime::KernelParams> Prepare(runtime::NodeContext& node) {
  EP_ASSIGN_OR_RETURN(PadParams params, PreparePad(node));
  return runtime::KernelParams::Make(std::move(params));
}

Status Eval(const runtime::NodeContext& node, runtime::KernelParams& state) {
  EvalPad(node, state.as<PadParams>());
  return Ok();
}

}  // namespace

const runtime::KernelDef& PadV2Kernel() {
  static const runtime::KernelDef kernel{"reference/PADV2", tfl::BuiltinOperator_PADV2, Backend::kReference, nullptr,
                                         Prepare, Eval};
  return kernel;
}

}  // namespace edgepose::kernels::reference
