//===- ProblemFromIR.h - the fix-point problem of a function ----*- C++ -*-===//
//
// Builds the fixpoints::Problem of a placed, calibrated function: one
// variable per nndct.fix an NPU op's rule reads (FixGraph.h says which),
// the target's shift rules of every NPU op as rules, and each fix's cost of
// every candidate fix point; and writes a solution back (fix points, and
// the #nndct.shifts each NPU op then executes).
//
// The cost of a fix point is how much more noise it adds to the network
// output than the calibrated one: the increase in the tensor's
// noise-to-signal ratio, from the errors nndct-calibrate recorded
// (activations, inputs) or the constant data (weights, biases), times the
// tensor's output gain (how much the output's noise-to-signal ratio grows
// per unit of the tensor's, measured by nndct-measure-output-gains; 1 when
// not measured), in millionths. Summed over tensors, it approximates the
// output's added noise-to-signal ratio (docs/Rationale.md). Each step away
// from the calibrated value costs 1 more, so of equally good answers the
// solver takes the one that moves fix points least.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H
#define NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H

#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/fixpoints/FixPointProblem.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <functional>

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
  /// The output gain of a fix, asked only for the fixes whose cost curves
  /// the solver reads. Null: recordedOutputGain.
  std::function<double(FixOp)> outputGain;
};

/// The fix's recorded `nndct.output_gain`, or 1.
double recordedOutputGain(FixOp fix);

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
