//===- Pipelines.h - nndct pass pipelines as a library ----------*- C++ -*-===//
//
// One options struct (PTQOptions.h) and one populate function per pipeline,
// so another MLIR compiler can load the nndct dialect and run the same
// quantization (CIRCT's Firtool.h is the model). The pipeline is also
// registered by name for nndct-opt:
// `--nndct-ptq-pipeline="data=x.npy method=diffs compile-to=regions"`.
//
// The prepare pipeline is defined in NNDCTPasses (no interpreter, no
// oneDNN); the full pipeline and its registration in NNDCTCalibration.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_PIPELINES_H
#define NNDCT_PASSES_PIPELINES_H

#include "passes/PTQOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::nndct {

/// "" when every numeric option is in range, else the first problem
/// ("percentile must be in (0, 100], got 200"). Tools call it before running
/// anything; the passes check the same rules again when they start.
std::string checkPTQOptions(const PTQOptions &options);

/// Adds the structural prefix to a module pass manager, up to
/// `options.compileTo` when that is earlier: fold-batchnorm → canonicalize →
/// legalize-target → emulate-npu-numerics → verify-canonical (phase
/// `canonical`), partition →
/// insert-fix (phase `regions`: every fix, no fix points). `nndct quantize
/// --mode test` runs this before applying quant_info.json. (NNDCTPasses)
void populatePTQPreparePipeline(OpPassManager &pm, const PTQOptions &options);

/// Adds the prepare pipeline, then calibrate → assign-fix-points (phase
/// `calibrated`) → bias-correction (phase `corrected`), stopping after
/// `options.compileTo`. (NNDCTCalibration)
void populatePTQPipeline(OpPassManager &pm, const PTQOptions &options);

struct FloatOpSearchResult;

/// Runs the PTQ pipeline on `module`. With `options.maxFloatOps` > 0 the
/// accuracy-aware float ops are searched first (FloatOpSearch.h): the
/// pipeline up to legal fix points on a copy, the search on that copy,
/// then the whole pipeline on `module` with the chosen ops kept float.
/// `search` (optional) receives what the search found and the output SQNR
/// of the rebuilt module. Diagnostics go to the module's context.
/// (NNDCTCalibration)
LogicalResult runPTQPipeline(ModuleOp module, const PTQOptions &options,
                             FloatOpSearchResult *search = nullptr);

/// PTQOptions from `nndct-ptq-pipeline`'s textual form ("data=a.npy
/// method=mse max-float-ops=4"), ranges checked; problems go to
/// `errorHandler`. (NNDCTCalibration)
FailureOr<PTQOptions>
parsePTQOptions(StringRef text,
                function_ref<LogicalResult(const Twine &)> errorHandler);

/// Registers `nndct-ptq-pipeline` for the textual pass pipeline.
/// (NNDCTCalibration)
void registerPTQPipeline();

} // namespace mlir::nndct

#endif // NNDCT_PASSES_PIPELINES_H
