//===- QuantTable.h - which nndct ops are quantized, and how ----*- C++ -*-===//
//
// The one table of quantizable op types (spec §Quant groups). Partitioning,
// fix insertion and calibration ask it instead of checking op types
// themselves, so supporting a new op is one line in QuantTable.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_QUANTTABLE_H
#define NNDCT_PASSES_QUANTTABLE_H

#include "mlir/IR/Operation.h"

namespace mlir::nndct {

/// How an op takes part in quantization.
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

/// The role of `op` (an nndct op, or any other op → Forbidden).
QuantRole getQuantRole(Operation *op);

/// A short reason why an op has role Forbidden (for diagnostics).
StringRef getForbiddenReason(Operation *op);

/// True when operand `index` of `op` is a bias (gets a `bias` fix).
bool isBiasOperand(Operation *op, unsigned index);

/// True for roles that get fixes (Compute, Follower, Concat, Input).
inline bool isQuantized(QuantRole role) {
  return role == QuantRole::Compute || role == QuantRole::Follower ||
         role == QuantRole::Concat || role == QuantRole::Input;
}

} // namespace mlir::nndct

#endif // NNDCT_PASSES_QUANTTABLE_H
