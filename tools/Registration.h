//===- Registration.h - what the nndct tools register -----------*- C++ -*-===//
//
// One place that lists the dialects and passes every nndct tool loads, so
// nndct-opt, nndct-translate and nndct agree, and an embedding compiler can
// do the same with two calls.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_REGISTRATION_H
#define NNDCT_TOOLS_REGISTRATION_H

#include "backends/quantinfo/QuantInfo.h"
#include "ir/NNDCTDialect.h"
#include "passes/Calibration.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::nndct {

/// The dialects nndct IR is made of.
inline void registerDialects(DialectRegistry &registry) {
  registry.insert<NNDCTDialect, func::FuncDialect>();
}

/// nndct passes and pipelines, plus the generic upstream transforms.
inline void registerPasses() {
  registerNNDCTPasses();
  // Passes that run the interpreter (library NNDCTCalibration) and the
  // pipelines built from both.
  registerNNDCTCalibrationPasses();
  registerPTQPipeline();
  // Test mode's IR change (library NNDCTQuantInfo).
  registerNNDCTQuantInfoPasses();
  registerTransformsPasses();
}

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_REGISTRATION_H
