#include "runtime/kernel_registry.h"

namespace edgepose::runtime {

std::string NodeContext::Describe() const {
  return "node " + std::to_string(node_index) + " (" + OpName(op) + ")";
}

const KernelRegistry& KernelRegistry::Global() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    RegisterReferenceKernels(r);
#ifdef EDGEPOSE_WITH_XNNPACK
    RegisterXnnpackKernels(r);
#endif
    return r;
  }();
  return registry;
}

void KernelRegistry::Add(const KernelDef& kernel) {
  kernels_[{static_cast<int>(kernel.op), static_cast<int>(kernel.backend)}] = &kernel;
}

const KernelDef* KernelRegistry::Find(tfl::BuiltinOperator op, Backend backend) const {
  auto it = kernels_.find({static_cast<int>(op), static_cast<int>(backend)});
  return it == kernels_.end() ? nullptr : it->second;
}

std::vector<const KernelDef*> KernelRegistry::List(Backend backend) const {
  std::vector<const KernelDef*> list;
  for (const auto& [key, kernel] : kernels_)
    if (key.second == static_cast<int>(backend)) list.push_back(kernel);
  return list;
}

}  // namespace edgepose::runtime
