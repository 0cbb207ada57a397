//===- LegalizeSupport.cpp - helpers shared by the legalization rewrites --===//
//
// Naming of what a rewrite creates and the engine-window check.
//
//===----------------------------------------------------------------------===//

#include "passes/legalize/LegalizePatterns.h"

#include "ir/Naming.h"

using namespace mlir;
using namespace mlir::nndct;

std::string mlir::nndct::derivedName(Operation *op, StringRef suffix) {
  std::optional<std::string> name = userName(op->getLoc());
  return (name ? *name : op->getName().stripDialect().str()) + suffix.str();
}

Location mlir::nndct::derivedLoc(Operation *op, StringRef suffix) {
  return NameLoc::get(
      StringAttr::get(op->getContext(), derivedName(op, suffix)), op->getLoc());
}

bool mlir::nndct::fitsEngine(const EngineLimits &limits, int64_t kh, int64_t kw,
                             int64_t sh, int64_t sw) {
  return limits.kernel.contains(kh) && limits.kernel.contains(kw) &&
         limits.stride.contains(sh) && limits.stride.contains(sw);
}
