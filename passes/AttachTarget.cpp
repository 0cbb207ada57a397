//===- AttachTarget.cpp - set the module's hardware target ----------------===//
//
// nndct-attach-target{name=...}: the PTQ pipeline's first step, so every
// later pass reads one target from the IR (getTargetModel) and tools pass
// the name through PTQOptions instead of setting the attribute themselves.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTDialect.h"
#include "ir/TargetModel.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_ATTACHTARGETPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

std::string knownTargets() {
  std::string names;
  for (const TargetModel *t : TargetModel::all())
    names += (names.empty() ? "" : ", ") + t->name.str();
  return names;
}

struct AttachTargetPass
    : public nndct::impl::AttachTargetPassBase<AttachTargetPass> {
  using AttachTargetPassBase::AttachTargetPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!TargetModel::lookup(name)) {
      module.emitError("nndct-attach-target: option 'name': unknown target '")
          << name << "' (known: " << knownTargets() << ")";
      return signalPassFailure();
    }
    if (auto existing = module->getAttrOfType<TargetAttr>(kTargetAttrName)) {
      if (existing.getName() == name)
        return;
      module.emitError("nndct-attach-target: the module is compiled for '")
          << existing.getName() << "', not '" << name
          << "' (a model has one target; remove its nndct.target or pass "
             "name="
          << existing.getName() << ")";
      return signalPassFailure();
    }
    module->setAttr(kTargetAttrName, TargetAttr::get(&getContext(), name));
  }
};

} // namespace
