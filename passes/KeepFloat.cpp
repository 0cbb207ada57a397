//===- KeepFloat.cpp - named ops stay float inside their region -----------===//
//
// nndct-keep-float: the exception to "everything in a region is int8". It
// runs before nndct-insert-fix and only marks ops; the quant table
// (ir/QuantRole.h) then treats a marked op as a float op, so fixes,
// placement, the interpreter and every exporter follow without knowing
// about this pass.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/QuantRole.h"
#include "passes/Passes.h"

#include "llvm/ADT/StringMap.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_KEEPFLOATPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

struct KeepFloatPass : public nndct::impl::KeepFloatPassBase<KeepFloatPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (ops.empty() || func.isExternal())
      return;
    if (!reasons.empty() && reasons.size() != ops.size()) {
      func.emitError() << "nndct-keep-float: " << reasons.size()
                       << " reasons for " << ops.size() << " ops";
      return signalPassFailure();
    }
    llvm::StringMap<SmallVector<Operation *, 1>> byName;
    func.walk([&](Operation *op) {
      // Regions and constants carry names too (fused from their ops').
      QuantRole role = getQuantRole(op);
      if (role != QuantRole::Structural && role != QuantRole::Constant &&
          role != QuantRole::Forbidden)
        if (std::optional<std::string> name = userName(op->getLoc()))
          byName[*name].push_back(op);
    });
    for (auto [i, name] : llvm::enumerate(ops)) {
      auto it = byName.find(name);
      if (it == byName.end()) {
        func.emitError() << "keep float: no op is named '"
                         << escapeUntrustedText(name) << "'";
        return signalPassFailure();
      }
      StringRef reason =
          reasons.empty() ? "kept float (asked for)" : StringRef(reasons[i]);
      for (Operation *op : it->second) {
        if (op->hasAttr(kKeptFloatAttrName))
          continue; // named twice, or a follower of an earlier one
        if (!isa<RegionOp>(op->getParentOp()) ||
            !isQuantized(getQuantRole(op))) {
          op->emitError() << "keep float: '" << escapeUntrustedText(name)
                          << "' is not quantized (it is outside every "
                             "quantized region or float already)";
          return signalPassFailure();
        }
        // The followers first: once the head is marked, they no longer
        // continue a quantized group.
        StringAttr attr = StringAttr::get(&getContext(), reason);
        for (Operation *follower : quantGroupFollowers(op))
          follower->setAttr(kKeptFloatAttrName, attr);
        op->setAttr(kKeptFloatAttrName, attr);
      }
    }
  }
};

} // namespace
