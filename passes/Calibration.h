//===- Calibration.h - passes that execute the model on data ----*- C++ -*-===//
//
// Declarations of nndct-calibrate and nndct-bias-correction (library
// NNDCTCalibration, which links the interpreter) and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_CALIBRATION_H
#define NNDCT_PASSES_CALIBRATION_H

#include "ir/NNDCTDialect.h"
#include "passes/PTQOptions.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nndct {

#define GEN_PASS_DECL
#include "passes/CalibrationPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/CalibrationPasses.h.inc"

} // namespace mlir::nndct

#endif // NNDCT_PASSES_CALIBRATION_H
