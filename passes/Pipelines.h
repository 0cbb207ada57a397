//===- Pipelines.h - nndct pass pipelines as a library ----------*- C++ -*-===//
//
// One options struct and one populate function per pipeline, so another
// MLIR compiler can load the nndct dialect and run the same quantization
// (CIRCT's Firtool.h is the model). The pipelines are also registered by
// name for nndct-opt: `--nndct-ptq-pipeline="data=x.npy method=diffs"`.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_PIPELINES_H
#define NNDCT_PASSES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::nndct {

class CalibrationSource;

/// Everything the post-training quantization pipeline can be told.
struct PTQOptions {
  /// Calibration data: one .npy per function argument, samples on dim 0.
  std::vector<std::string> data;
  /// Calibration data from C++ (CalibrationData.h); overrides `data`.
  std::shared_ptr<CalibrationSource> source;
  /// diffs, maxmin, percentile, mse or entropy.
  std::string method = "diffs";
  /// Samples per calibration batch (0: the function's batch).
  int64_t batch = 0;
  /// per-batch (vai's modal vote) or dataset (batch-independent).
  std::string statistics = "per-batch";
  /// Interpreter threads; results are identical for any count.
  int threads = 1;
  /// Bits of every fix.
  int64_t bitWidth = 8;
  /// Method for weights and biases: diffs or maxmin.
  std::string paramMethod = "diffs";
  /// Percentile of |x| for method=percentile.
  double percentile = 99.99;
  /// Apply vai's bias correction after fix points are assigned.
  bool biasCorrection = true;
  /// Bias correction method: vai (stepwise with stop rule) or full.
  std::string biasCorrectionMethod = "vai";
  /// Rewrite/mark ops so fake-quant computes what the NPU computes
  /// (nndct-emulate-npu-numerics).
  bool emulateNPU = true;
  /// Region bounds for models without quant stubs (tensor names).
  std::vector<std::string> quantBegin, quantEnd;
  /// The function to quantize (empty: the only one, or @main).
  std::string entry;
};

/// "" when every numeric option is in range, else the first problem
/// ("percentile must be in (0, 100], got 200"). Tools call it before running
/// anything; the passes check the same rules again when they start.
std::string checkPTQOptions(const PTQOptions &options);

/// Adds the structural prefix: fold-batchnorm → canonicalize →
/// emulate-npu-numerics → partition → insert-fix (every fix, no fix points).
/// `nndct quantize --mode test` runs this before applying quant_info.json.
void populatePTQPreparePipeline(OpPassManager &pm, const PTQOptions &options);

/// Adds the prepare pipeline, then calibrate → assign-fix-points →
/// bias-correction, to a module pass manager.
void populatePTQPipeline(OpPassManager &pm, const PTQOptions &options);

/// Registers `nndct-ptq-pipeline` for the textual pass pipeline.
void registerPTQPipeline();

} // namespace mlir::nndct

#endif // NNDCT_PASSES_PIPELINES_H
