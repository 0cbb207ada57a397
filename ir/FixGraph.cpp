//===- FixGraph.cpp - which fix a value's codes are of --------------------===//
//
// See FixGraph.h. Every walk is bounded: IR is acyclic, but a malformed
// graph must not hang the compiler.
//
//===----------------------------------------------------------------------===//

#include "ir/FixGraph.h"
#include "ir/Placement.h"
#include "ir/QuantRole.h"

using namespace mlir;
using namespace mlir::nndct;

bool mlir::nndct::isHead(Operation *op) {
  if (getQuantRole(op) != QuantRole::Compute)
    return false;
  if (isa<AvgPool2DOp, AdaptiveAvgPool2DOp>(op))
    return usesDeviceNumerics(op);
  return isa<Conv2DOp, LinearOp, AddOp, SubOp>(op);
}

bool mlir::nndct::placedOnDevice(Operation *op) {
  PlacementAttr p = getPlacement(op);
  return !p || p.getDevice() == Device::npu;
}

bool mlir::nndct::isFusedLeaky(Operation *op) {
  auto leaky = dyn_cast_or_null<LeakyReluOp>(op);
  if (!leaky || !getNpuScale(leaky) || !placedOnDevice(leaky))
    return false;
  Value in = leaky.getInput();
  Operation *def = in.getDefiningOp();
  return def && isHead(def) && in.hasOneUse();
}

FixOp mlir::nndct::reachedFix(Value v) {
  for (int guard = 0; guard < 1000; ++guard) {
    if (!v.hasOneUse())
      return FixOp();
    Operation *user = *v.getUsers().begin();
    if (auto fix = dyn_cast<FixOp>(user)) {
      if (fix.getFixPoint())
        return fix;
      v = fix.getResult(); // an unset fix is the identity
      continue;
    }
    bool traversable = (isValuePreserving(user) && !isa<SplitOp>(user)) ||
                       keepsOperandFixPoint(user) || isa<ConcatOp>(user) ||
                       isFusedLeaky(user);
    if (!traversable || user->getNumResults() != 1)
      return FixOp();
    v = user->getResult(0);
  }
  return FixOp();
}

FixOp mlir::nndct::definingFix(Value v) {
  for (int guard = 0; guard < 10000; ++guard) {
    Operation *def = v.getDefiningOp();
    if (!def || isa<ConstantOp>(def))
      return FixOp();
    if (auto fix = dyn_cast<FixOp>(def)) {
      if (fix.getFixPoint())
        return fix;
      v = fix.getInput();
      continue;
    }
    if (isa<RegionOp>(def)) {
      v = lookIntoRegions(v);
      continue;
    }
    if (isValuePreserving(def) || keepsOperandFixPoint(def) ||
        isFusedLeaky(def)) {
      v = def->getOperand(0);
      continue;
    }
    return reachedFix(v);
  }
  return FixOp();
}
