//===- TargetModel.h - declarative hardware target descriptions -*- C++ -*-===//
//
// A target model says what a device can run and which numeric rules its fix
// points must obey. Passes query it (selected by the module's #nndct.target)
// instead of scattering constants. The AIE2 description follows
// docs/target-aie2.md: Vitis AI 3.5's AMD_AIE2_Nx4_Overlay engines with AMD
// Quark's NPU shift rules.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_TARGETMODEL_H
#define NNDCT_IR_TARGETMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace mlir {
class Operation;
} // namespace mlir

namespace mlir::nndct {

/// An inclusive integer interval.
struct Interval {
  int64_t min;
  int64_t max;
  bool contains(int64_t v) const { return v >= min && v <= max; }
};

/// Window limits of one compute engine.
struct EngineLimits {
  Interval kernel;
  Interval stride;
};

/// Fix-point shift rules (notation of docs/numerics.md: i, w, b, o are the
/// fix points of input, weight, bias and output).
struct ShiftRules {
  Interval shiftCut;      ///< w + i - o for conv-like ops
  int64_t shiftBiasMax;   ///< upper bound of w + i - b
  int64_t shiftBiasSpan;  ///< lower bound is min(0, -(span - (8 + shift_cut)))
  Interval shiftRead;     ///< max(i) - min(i) for add/sub
  Interval shiftWriteAdd; ///< min(i) - o for add
  Interval shiftWriteMul; ///< sum(i) - o for mul
  Interval hardSigmoidIn; ///< i of hard sigmoid
  int64_t hardSigmoidOutMin;
};

/// What a target supports and how it computes.
struct TargetModel {
  llvm::StringLiteral name;
  llvm::StringLiteral description;
  int64_t bitWidth; ///< activation/weight/bias bits
  EngineLimits conv;
  EngineLimits depthwiseConv;
  EngineLimits maxPool;
  EngineLimits avgPool;
  ShiftRules shifts;
  /// Whether the conv engine runs group counts other than 1 and depthwise;
  /// if not, nndct-legalize-target splits such a conv per group.
  bool groupedConvolution;
  /// The engine's hard sigmoid, clamp(alpha * x + beta, 0, 1); another
  /// form is rewritten to this one of an affinely mapped input.
  double hardSigmoidAlpha;
  double hardSigmoidBeta;

  /// The target registered under `name`, or nullptr.
  static const TargetModel *lookup(llvm::StringRef name);
  /// Every registered target.
  static llvm::ArrayRef<const TargetModel *> all();
};

/// The target model named by the `nndct.target` of the module enclosing
/// `op` (or `op` itself), or nullptr when it has none.
const TargetModel *getTargetModel(Operation *op);

} // namespace mlir::nndct

#endif // NNDCT_IR_TARGETMODEL_H
