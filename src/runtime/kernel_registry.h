// Maps (op, backend) to a kernel. Each backend lists its kernels in its register.cc;
// that list is the backend's supported-op list.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "runtime/kernel.h"

namespace edgepose::runtime {

class KernelRegistry {
 public:
  static const KernelRegistry& Global();

  void Add(const KernelDef& kernel);
  const KernelDef* Find(tfl::BuiltinOperator op, Backend backend) const;
  std::vector<const KernelDef*> List(Backend backend) const;

 private:
  std::map<std::pair<int, int>, const KernelDef*> kernels_;
};

// Defined by each backend's register.cc.
void RegisterReferenceKernels(KernelRegistry& registry);
void RegisterXnnpackKernels(KernelRegistry& registry);

}  // namespace edgepose::runtime
