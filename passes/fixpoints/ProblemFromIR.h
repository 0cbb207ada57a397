//===- ProblemFromIR.h - the fix-point problem of a function ----*- C++ -*-===//
//
// Builds the fixpoints::Problem of a placed, calibrated function: one
// variable per nndct.fix an NPU op's rule reads (FixGraph.h says which),
// the target's shift rules of every NPU op as rules, and each fix's cost of
// every candidate fix point; and writes a solution back (fix points, and
// the #nndct.shifts each NPU op then executes).
//
// The cost of a fix point is how much more noise it adds to the network
// output than the calibrated one, in millionths of the output's
// noise-to-signal ratio (NSR): measured in the fake-quant network by
// nndct-measure-output-noise at fix points near the calibrated one, and
// beyond them scaled along the tensor's own squared error (from the errors
// nndct-calibrate recorded for activations and inputs, or the constant
// data of weights and biases). Without a measurement, the tensor's own
// NSR stands in for the output's. Summed over tensors, it approximates
// the output's added NSR (docs/Rationale.md). Each step away from the
// calibrated value costs 1 more, so of equally good answers the solver
// takes the one that moves fix points least.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H
#define NNDCT_PASSES_FIXPOINTS_PROBLEMFROMIR_H

#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/fixpoints/FixPointProblem.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <functional>
#include <optional>

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

/// The network output's noise-to-signal ratio with one fix at fix points
/// `fixPoint - r .. fixPoint + r` (nsr.size() == 2r + 1), every other fix
/// at its own.
struct OutputNoise {
  int64_t fixPoint = 0;
  std::vector<double> nsr;
};

struct ProblemOptions {
  /// How far a fix point may move from its calibrated value (and not past
  /// the bit width's largest fix point unless it is there already).
  int64_t maxMove = 12;
  /// Compute the cost curves (a check of the rules needs none: all 0).
  bool costs = true;
  /// The output noise of a fix, asked only for the fixes whose cost curves
  /// the solver reads. Null: recordedOutputNoise.
  std::function<std::optional<OutputNoise>(FixOp)> outputNoise;
};

/// The fix's `nndct.output_noise`, if recorded.
std::optional<OutputNoise> recordedOutputNoise(FixOp fix);
/// Records `noise` as the fix's `nndct.output_noise`.
void recordOutputNoise(FixOp fix, const OutputNoise &noise);

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
