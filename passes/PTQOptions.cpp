//===- PTQOptions.cpp - the spellings of the PTQ choices ------------------===//
//
// One table per choice enum: the option text, the quant_config.json value
// and the `method` calibration statistics record are all these names.
//
//===----------------------------------------------------------------------===//

#include "passes/PTQOptions.h"

namespace mlir::nndct {

template <> llvm::ArrayRef<Choice<CalibrationMethod>> choices() {
  static const Choice<CalibrationMethod> table[] = {
      {CalibrationMethod::Diffs, "diffs",
       "least squared error of 5 candidates (vai's default)"},
      {CalibrationMethod::MaxMin, "maxmin",
       "no overflow of the observed range"},
      {CalibrationMethod::Percentile, "percentile",
       "clip at a percentile of |x|"},
      {CalibrationMethod::Mse, "mse",
       "least histogram-estimated squared error"},
      {CalibrationMethod::Entropy, "entropy",
       "least KL divergence (TensorRT-style)"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<CalibrationStatistics>> choices() {
  static const Choice<CalibrationStatistics> table[] = {
      {CalibrationStatistics::PerBatch, "per-batch",
       "vai's modal vote over batches"},
      {CalibrationStatistics::Dataset, "dataset",
       "one statistic over all samples"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<ParamMethod>> choices() {
  static const Choice<ParamMethod> table[] = {
      {ParamMethod::Diffs, "diffs", "least squared error of 5 candidates"},
      {ParamMethod::MaxMin, "maxmin", "no overflow"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<FixPointStrategy>> choices() {
  static const Choice<FixPointStrategy> table[] = {
      {FixPointStrategy::Exact, "exact",
       "least total cost over all rules (Z3)"},
      {FixPointStrategy::Greedy, "greedy",
       "vai_q_pytorch's one-pass repair (may leave rules broken)"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<FixPointObjective>> choices() {
  static const Choice<FixPointObjective> table[] = {
      {FixPointObjective::Tensor, "tensor",
       "each tensor's own error (the method alone, as vai)"},
      {FixPointObjective::Output, "output",
       "clipping fix points by the network output's error"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<BiasCorrectionMethod>> choices() {
  static const Choice<BiasCorrectionMethod> table[] = {
      {BiasCorrectionMethod::Vai, "vai", "stepwise, with vai's stop rule"},
      {BiasCorrectionMethod::Full, "full", "the whole mean error at once"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<FinetuneMethod>> choices() {
  static const Choice<FinetuneMethod> table[] = {
      {FinetuneMethod::AdaQuant, "adaquant",
       "Adam on weights and biases through the fixes (vai's)"},
      {FinetuneMethod::AdaRound, "adaround",
       "learned rounding direction of each weight, then bias correction"},
  };
  return table;
}

template <> llvm::ArrayRef<Choice<CompilePhase>> choices() {
  static const Choice<CompilePhase> table[] = {
      {CompilePhase::Canonical, "canonical",
       "batch norm folded, no-ops removed"},
      {CompilePhase::Regions, "regions",
       "quantized regions and fixes, no fix points"},
      {CompilePhase::Calibrated, "calibrated", "statistics and fix points"},
      {CompilePhase::Legal, "legal",
       "fix points satisfy the target's shift rules"},
      {CompilePhase::Corrected, "corrected", "biases corrected (everything)"},
  };
  return table;
}

} // namespace mlir::nndct
