//===- OpKernels.cpp - the interpreter's kernel registry ------------------===//
//
// The one KernelRegistry: each op family registers its factories
// (ElementwiseKernels.cpp, ActivationKernels.cpp, NNKernels.cpp,
// NormalizationKernels.cpp, DataMovementKernels.cpp, QuantKernels.cpp), then
// the mode-specific ones (IntegerKernels.cpp, NpuEmulationKernels.cpp).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/IntegerKernels.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::nndct;

KernelRegistry &KernelRegistry::get() {
  static KernelRegistry *registry = [] {
    auto *r = new KernelRegistry();
    registerBuiltinKernels(*r);
    return r;
  }();
  return *registry;
}

void KernelRegistry::add(StringRef opName, KernelFactory factory,
                         std::optional<ExecutionMode> mode) {
  if (mode)
    perMode[int(*mode)][opName] = std::move(factory);
  else
    common[opName] = std::move(factory);
}

const KernelFactory *KernelRegistry::lookup(StringRef opName,
                                            ExecutionMode mode) const {
  auto it = perMode[int(mode)].find(opName);
  if (it != perMode[int(mode)].end())
    return &it->second;
  // Integer mode never falls through: registerIntegerKernels gives every
  // nndct op an Integer-mode kernel (IntegerKernels.cpp), which decides how
  // the op runs on codes.
  if (mode == ExecutionMode::Integer)
    return nullptr;
  auto c = common.find(opName);
  return c == common.end() ? nullptr : &c->second;
}

ElementKind mlir::nndct::elementKindOf(Type type) {
  if (auto i = dyn_cast<IntegerType>(type)) {
    bool u = i.isUnsigned();
    switch (i.getWidth()) {
    case 1:
      return ElementKind::Bool;
    case 8:
      return u ? ElementKind::U8 : ElementKind::I8;
    case 16:
      return u ? ElementKind::U16 : ElementKind::I16;
    case 64:
      return u ? ElementKind::U64 : ElementKind::I64;
    default:
      return u ? ElementKind::U32 : ElementKind::I32;
    }
  }
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isF64())
    return ElementKind::F64;
  return ElementKind::F32;
}

void mlir::nndct::registerBuiltinKernels(KernelRegistry &r) {
  registerElementwiseKernels(r);
  registerActivationKernels(r);
  registerNNKernels(r);
  registerNormalizationKernels(r);
  registerDataMovementKernels(r);
  registerIndexingKernels(r);
  registerQuantKernels(r);
  registerReductionKernels(r);
  registerSamplingKernels(r);
  registerClassicKernels(r);
  // Mode-specific entries (IntegerKernels.cpp, NpuEmulationKernels.cpp).
  registerIntegerKernels(r);
  registerNpuEmulationKernels(r);
}
