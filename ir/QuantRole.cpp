//===- QuantRole.cpp - the queries over the quantization traits -----------===//

#include "ir/QuantRole.h"

#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"

using namespace mlir;
using namespace mlir::nndct;

#include "ir/QuantOpInterface.cpp.inc"

/// True when `op` reads or writes an integer or bool tensor: masks,
/// indices and integer data have no fix point, so such an op never takes
/// part in a quant group (no fix lands on a non-float tensor).
static bool touchesNonFloat(Operation *op) {
  auto nonFloat = [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return shaped && !isa<FloatType>(shaped.getElementType());
  };
  return llvm::any_of(op->getOperandTypes(), nonFloat) ||
         llvm::any_of(op->getResultTypes(), nonFloat);
}

QuantRole mlir::nndct::getQuantRole(Operation *op) {
  auto iface = dyn_cast<QuantOpInterface>(op);
  if (!iface)
    return QuantRole::Forbidden;
  QuantRole role = iface.getDeclaredQuantRole();
  if (isQuantized(role) &&
      (touchesNonFloat(op) || op->hasAttr(kKeptFloatAttrName)))
    return QuantRole::Float;
  return role;
}

SmallVector<Operation *> mlir::nndct::quantGroupFollowers(Operation *head) {
  SmallVector<Operation *> followers;
  Operation *last = head;
  while (last->getNumResults() == 1 && last->getResult(0).hasOneUse()) {
    OpOperand &use = *last->getResult(0).getUses().begin();
    Operation *user = use.getOwner();
    if (use.getOperandNumber() != 0 ||
        getQuantRole(user) != QuantRole::Follower ||
        user->getBlock() != head->getBlock())
      break;
    followers.push_back(user);
    last = user;
  }
  return followers;
}

StringRef mlir::nndct::getForbiddenReason(Operation *op) {
  auto iface = dyn_cast<QuantOpInterface>(op);
  if (!iface)
    return "it is not an nndct op";
  return iface.getForbiddenReason();
}

bool mlir::nndct::isBiasOperand(Operation *op, unsigned index) {
  auto iface = dyn_cast<QuantOpInterface>(op);
  return iface && iface.isBiasOperand(index);
}
