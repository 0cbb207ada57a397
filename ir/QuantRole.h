//===- QuantRole.h - how each nndct op takes part in PTQ --------*- C++ -*-===//
//
// The op classification declared once per op in NNDCTOps.td (role and
// property traits of ir/QuantOpInterface.td). Partitioning, fix insertion,
// calibration, the integer interpreter and the exporters ask these queries
// instead of listing op types themselves.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_QUANTROLE_H
#define NNDCT_IR_QUANTROLE_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::nndct {

/// How an op takes part in quantization (spec §Quant groups).
enum class QuantRole {
  /// Runs in float even inside a quantized region (no fixes around it).
  Float,
  /// Cannot be placed in a quantized region at all (foreign dialect,
  /// already-quantized ops, ops canonicalization should have removed).
  Forbidden,
  /// A quantized op with its own output fix (a quant group head).
  Compute,
  /// An activation or shape op: joins its producer's group when the
  /// producer has it as its only consumer, else heads its own group.
  Follower,
  /// A concat: inputs consumed only by it share its output fix.
  Concat,
  /// A quant_stub: its output is a region input (kind input fix).
  Input,
  /// A constant: fixed as weight/bias where a quantized op uses it.
  Constant,
  /// Region markers and terminators that are neither quantized nor errors.
  Structural,
};

/// The traits of ir/QuantOpInterface.td (markers; the queries below read
/// them).
#define NNDCT_MARKER_TRAIT(Name)                                               \
  template <typename ConcreteType>                                             \
  class Name : public OpTrait::TraitBase<ConcreteType, Name> {};
NNDCT_MARKER_TRAIT(ComputeRole)
NNDCT_MARKER_TRAIT(FollowerRole)
NNDCT_MARKER_TRAIT(ConcatRole)
NNDCT_MARKER_TRAIT(InputRole)
NNDCT_MARKER_TRAIT(ConstantRole)
NNDCT_MARKER_TRAIT(StructuralRole)
NNDCT_MARKER_TRAIT(FloatRole)
NNDCT_MARKER_TRAIT(ForbiddenRole)
NNDCT_MARKER_TRAIT(AttributeDependentRole)
NNDCT_MARKER_TRAIT(ValuePreserving)
NNDCT_MARKER_TRAIT(KeepsOperandFixPoint)
NNDCT_MARKER_TRAIT(HasBiasOperand)
NNDCT_MARKER_TRAIT(LibmRounding)
#undef NNDCT_MARKER_TRAIT

namespace detail {
/// The default implementations of QuantOpInterface, from the op's traits.
template <typename Op> QuantRole declaredRole(Op op) {
  constexpr int roles = Op::template hasTrait<ComputeRole>() +
                        Op::template hasTrait<FollowerRole>() +
                        Op::template hasTrait<ConcatRole>() +
                        Op::template hasTrait<InputRole>() +
                        Op::template hasTrait<ConstantRole>() +
                        Op::template hasTrait<StructuralRole>() +
                        Op::template hasTrait<FloatRole>() +
                        Op::template hasTrait<ForbiddenRole>() +
                        Op::template hasTrait<AttributeDependentRole>();
  static_assert(roles == 1, "every nndct op lists exactly one role trait "
                            "(ir/QuantOpInterface.td)");
  if constexpr (Op::template hasTrait<AttributeDependentRole>())
    return op.computeQuantRole();
  else if constexpr (Op::template hasTrait<ComputeRole>())
    return QuantRole::Compute;
  else if constexpr (Op::template hasTrait<FollowerRole>())
    return QuantRole::Follower;
  else if constexpr (Op::template hasTrait<ConcatRole>())
    return QuantRole::Concat;
  else if constexpr (Op::template hasTrait<InputRole>())
    return QuantRole::Input;
  else if constexpr (Op::template hasTrait<ConstantRole>())
    return QuantRole::Constant;
  else if constexpr (Op::template hasTrait<StructuralRole>())
    return QuantRole::Structural;
  else if constexpr (Op::template hasTrait<FloatRole>())
    return QuantRole::Float;
  else
    return QuantRole::Forbidden;
}

template <typename Op> StringRef forbiddenReason() {
  if constexpr (Op::template hasTrait<ForbiddenRole>())
    return Op::getForbiddenReason();
  else
    return {};
}

template <typename Op> bool isBias(Op op, unsigned index) {
  if constexpr (Op::template hasTrait<HasBiasOperand>()) {
    Value bias = op.getBias();
    return bias && index < op->getNumOperands() &&
           op->getOperand(index) == bias;
  } else {
    return false;
  }
}
} // namespace detail

} // namespace mlir::nndct

#include "ir/QuantOpInterface.h.inc"

namespace mlir::nndct {

/// The role of `op`: its declared role, except that an op reading or
/// writing an integer or bool tensor is Float (indices and masks have no
/// fix point), and so is an op kept float (`nndct.kept_float`); Forbidden
/// for ops of other dialects.
QuantRole getQuantRole(Operation *op);

/// The ops that continue `head`'s quant group (nndct-insert-fix's rule),
/// in order: each a Follower that is the only user of the previous one and
/// reads it as operand 0, in the same block.
SmallVector<Operation *> quantGroupFollowers(Operation *head);

/// Why `op` has role Forbidden (for diagnostics).
StringRef getForbiddenReason(Operation *op);

/// True when operand `index` of `op` is a bias (gets a `bias` fix).
bool isBiasOperand(Operation *op, unsigned index);

/// True for roles that get fixes (Compute, Follower, Concat, Input).
inline bool isQuantized(QuantRole role) {
  return role == QuantRole::Compute || role == QuantRole::Follower ||
         role == QuantRole::Concat || role == QuantRole::Input;
}

/// The result holds values of operand 0 only: the op runs unchanged on
/// integer codes and keeps its operand's fix point.
inline bool isValuePreserving(Operation *op) {
  return op->hasTrait<ValuePreserving>();
}

/// The result keeps operand 0's fix point, but the op's arithmetic must be
/// redone on the dequantized grid (clamp bounds, pad values).
inline bool keepsOperandFixPoint(Operation *op) {
  return op->hasTrait<KeepsOperandFixPoint>();
}

/// The float result depends on the math library's last-bit rounding.
inline bool hasLibmRounding(Operation *op) {
  return op->hasTrait<LibmRounding>();
}

} // namespace mlir::nndct

#endif // NNDCT_IR_QUANTROLE_H
