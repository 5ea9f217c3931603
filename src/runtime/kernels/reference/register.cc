// The reference backend: exact TFLite semantics, readable loops. One line per op, alphabetical;
// this list is the reference backend's supported-op list.
#include "runtime/kernel_registry.h"

#define EP_REFERENCE_KERNELS(X) \
  X(AddKernel) \
  X(AveragePool2DKernel) \
  X(ConcatenationKernel) \
  X(Conv2DKernel) \
  X(DensifyKernel) \
  X(DepthToSpaceKernel) \
  X(DepthwiseConv2DKernel) \
  X(DequantizeKernel) \
  X(DivKernel) \
  X(FullyConnectedKernel) \
  X(HardSwishKernel) \
  X(LeakyReluKernel) \
  X(LogisticKernel) \
  X(MaxPool2DKernel) \
  X(MaximumKernel) \
  X(MeanKernel) \
  X(MinimumKernel) \
  X(MulKernel) \
  X(PadKernel) \
  X(PadV2Kernel) \
  X(PreluKernel) \
  X(QuantizeKernel) \
  X(Relu6Kernel) \
  X(ReluKernel) \
  X(ReluN1To1Kernel) \
  X(ReshapeKernel) \
  X(ResizeBilinearKernel) \
  X(ResizeNearestNeighborKernel) \
  X(SoftmaxKernel) \
  X(SpaceToDepthKernel) \
  X(SquaredDifferenceKernel) \
  X(StridedSliceKernel) \
  X(SubKernel) \
  X(TanhKernel) \
  X(TransposeConvKernel)

namespace edgepose::kernels::reference {
#define EP_DECLARE(name) const runtime::KernelDef& name();
EP_REFERENCE_KERNELS(EP_DECLARE)
#undef EP_DECLARE
}  // namespace edgepose::kernels::reference

namespace edgepose::runtime {
void RegisterReferenceKernels(KernelRegistry& registry) {
#define EP_REGISTER(name) registry.Add(kernels::reference::name());
  EP_REFERENCE_KERNELS(EP_REGISTER)
#undef EP_REGISTER
}
}  // namespace edgepose::runtime
