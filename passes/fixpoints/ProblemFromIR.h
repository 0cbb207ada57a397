//===- ProblemFromIR.h - the fix-point problem of a function ----*- C++ -*-===//
//
// Builds the fixpoints::Problem of a placed, calibrated function: one
// variable per nndct.fix an NPU op's rule reads (FixGraph.h says which),
// the target's shift rules of every NPU op as rules, and each fix's cost of
// every candidate fix point; and writes a solution back (fix points, and
// the #nndct.shifts each NPU op then executes).
//
// The cost of a fix point is how much more noise it adds than the
// calibrated one, relative to the tensor's energy: the increase in the
// tensor's noise-to-signal ratio (in millionths), from the errors
// nndct-calibrate recorded (activations, inputs) or the constant data
// (weights, biases). Summed over tensors, it approximates the loss of
// output SQNR when each tensor's relative noise reaches the output with
// the same gain (docs/Rationale.md). Each step away from the calibrated
// value costs 1 more, so of equally good answers the solver takes the one
// that moves fix points least.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H
#define NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H

#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/fixpoints/FixPointProblem.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::nndct {

/// A function's fix-point problem and where its variables came from.
struct FixPointProblem {
  fixpoints::Problem problem;
  /// The fix of each variable.
  std::vector<FixOp> fixes;
  /// The NPU ops that got rules (in order), for the shifts.
  std::vector<Operation *> ops;
  /// The op of each rule (for diagnostics).
  std::vector<Operation *> ruleOps;
};

struct ProblemOptions {
  /// How far a fix point may move from its calibrated value (and not past
  /// the bit width's largest fix point unless it is there already).
  int64_t maxMove = 12;
  /// Compute the cost curves (a check of the rules needs none: all 0).
  bool costs = true;
};

/// The problem of `func` on `target`: the rules of every NPU op whose
/// operands and result are fixes with fix points (others are skipped).
FixPointProblem buildFixPointProblem(func::FuncOp func,
                                     const TargetModel &target,
                                     const ProblemOptions &options = {});

/// Sets every fix to its value in `values` and each rule-bearing NPU op's
/// #nndct.shifts from the fix points. Returns how many fixes changed.
int64_t applyFixPoints(FixPointProblem &p, const std::vector<int64_t> &values);

/// The #nndct.shifts `op` executes with its current fix points, or null
/// when the target has no shift rule for it (or a fix point is missing).
ShiftsAttr computeShifts(Operation *op);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H
