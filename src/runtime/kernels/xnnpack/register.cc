// The XNNPACK fast path. One line per op, alphabetical; this list is the backend's supported-op list.
// Every XNNPACK call goes through xnn_adapter.h (its API changes between releases).
#include "runtime/kernel_registry.h"

#define EP_XNNPACK_KERNELS(X) \
  X(AddKernel)                \
  X(AveragePool2DKernel)      \
  X(ConcatenationKernel)      \
  X(Conv2DKernel)             \
  X(DepthToSpaceKernel)       \
  X(DequantizeKernel)         \
  X(DepthwiseConv2DKernel)    \
  X(FullyConnectedKernel)     \
  X(HardSwishKernel)          \
  X(LeakyReluKernel)          \
  X(LogisticKernel)           \
  X(MaxPool2DKernel)          \
  X(MaximumKernel)            \
  X(MeanKernel)               \
  X(MinimumKernel)            \
  X(MulKernel)                \
  X(PadKernel)                \
  X(Padv2Kernel)              \
  X(PreluKernel)              \
  X(QuantizeKernel)           \
  X(Relu6Kernel)              \
  X(ReluKernel)               \
  X(ReluN1To1Kernel)          \
  X(ResizeBilinearKernel)     \
  X(SoftmaxKernel)            \
  X(SubKernel)                \
  X(TanhKernel)

namespace edgepose::kernels::xnnpack {
#define EP_DECLARE(name) const runtime::KernelDef& name();
EP_XNNPACK_KERNELS(EP_DECLARE)
#undef EP_DECLARE
}  // namespace edgepose::kernels::xnnpack

namespace edgepose::runtime {
void RegisterXnnpackKernels(KernelRegistry& registry) {
#define EP_REGISTER(name) registry.Add(kernels::xnnpack::name());
  EP_XNNPACK_KERNELS(EP_REGISTER)
#undef EP_REGISTER
}
}  // namespace edgepose::runtime
