//===- Calibration.h - passes that execute the model on data ----*- C++ -*-===//
//
// Declarations of nndct-calibrate, nndct-bias-correction and
// nndct-measure-output-noise (library NNDCTCalibration, which links the
// interpreter) and their registration, plus creation overloads that take
// the calibration samples as a CalibrationSource (CalibrationData.h)
// instead of `.npy` paths.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_CALIBRATION_H
#define NNDCT_PASSES_CALIBRATION_H

#include "ir/NNDCTDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "passes/PTQOptions.h"

#include <memory>

namespace mlir::nndct {

#define GEN_PASS_DECL
#include "passes/CalibrationPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/CalibrationPasses.h.inc"

class CalibrationSource;

/// nndct-calibrate reading its samples from `source` (null: from the
/// options' `data` files).
std::unique_ptr<Pass>
createCalibratePass(const CalibratePassOptions &options,
                    std::shared_ptr<CalibrationSource> source);

/// nndct-bias-correction reading its samples from `source` (null: from the
/// options' `data` files).
std::unique_ptr<Pass>
createBiasCorrectionPass(const BiasCorrectionPassOptions &options,
                         std::shared_ptr<CalibrationSource> source);

/// nndct-measure-output-noise reading its samples from `source` (null: from
/// the options' `data` files).
std::unique_ptr<Pass>
createMeasureOutputNoisePass(const MeasureOutputNoisePassOptions &options,
                             std::shared_ptr<CalibrationSource> source);

/// nndct-refine-fix-points reading its samples from `source` (null: from
/// the options' `data` files).
std::unique_ptr<Pass>
createRefineFixPointsPass(const RefineFixPointsPassOptions &options,
                          std::shared_ptr<CalibrationSource> source);

/// nndct-fast-finetune reading its samples from `source` (null: from the
/// options' `data` files).
std::unique_ptr<Pass>
createFastFinetunePass(const FastFinetunePassOptions &options,
                       std::shared_ptr<CalibrationSource> source);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_CALIBRATION_H
