//===- PreparePipeline.cpp - the structural part of the PTQ pipeline ------===//
//
// Everything before calibration, each step with the reason it is there. It
// lives in NNDCTPasses so a compiler embedding nndct can form quantized
// regions without linking the interpreter.
//
//===----------------------------------------------------------------------===//

#include "passes/OptionChecks.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::nndct;

std::string mlir::nndct::checkPTQOptions(const PTQOptions &o) {
  return options::firstProblem({options::checkBatch(o.batch),
                                options::checkThreads(o.threads),
                                options::checkBitWidth(o.bitWidth),
                                options::checkPercentile(o.percentile),
                                options::checkRate(o.biasCorrectionRate),
                                options::checkMaxFloatOps(o.maxFloatOps),
                                options::checkKeepFloatSqnr(o.keepFloatSqnr)});
}

void mlir::nndct::populatePTQPreparePipeline(OpPassManager &pm,
                                             const PTQOptions &o) {
  // The target first: legalization, device numerics and placement read it
  // from the module.
  AttachTargetPassOptions attach;
  attach.name = o.target;
  pm.addPass(createAttachTargetPass(attach));
  OpPassManager &funcPM = pm.nest<func::FuncOp>();
  // Batch norm must be inside the conv weights before anything is measured,
  // or its scale would be quantized apart from the weights it multiplies.
  funcPM.addPass(createFoldBatchNormPass());
  // One canonical form (no dropout/identity, constant reshapes folded) so
  // quant groups do not stop at inference no-ops.
  funcPM.addPass(createCanonicalizePass());
  // Constant scales and shifts next to a layer (learnable affine blocks,
  // BN written as mul + add) inside its weights, not ops with their fixes.
  if (o.foldAffine)
    funcPM.addPass(createFoldAffinePass());
  // Per-tensor weight fix points fit every channel only when the channels'
  // ranges are alike: balanced across layer pairs, with the folds done.
  if (o.equalize)
    funcPM.addPass(createEqualizePass());
  // Ops the target runs only in another form (Paddle's hard sigmoid,
  // grouped convs, split, large pools, explicit padding; sigmoid and SiLU
  // when asked) take that form before anything is measured.
  LegalizeTargetPassOptions legalize;
  legalize.convertSigmoid = o.convertSigmoid;
  legalize.convertSilu = o.convertSilu;
  funcPM.addPass(createLegalizeTargetPass(legalize));
  // The device's leaky slope, average-pool multipliers and hard sigmoid,
  // so calibration and bias correction measure what the NPU will compute.
  if (o.emulateNPU)
    funcPM.addPass(createEmulateNPUNumericsPass());
  // The contract quant-group formation relies on, checked where it starts
  // to hold, so a violation names its op instead of misplacing fixes.
  funcPM.addPass(createVerifyCanonicalPass());
  if (o.compileTo == CompilePhase::Canonical)
    return;
  // Decide what is quantized (stubs or tensor names) and make each
  // deployable part an nndct.region.
  PartitionQuantRegionsPassOptions partition;
  partition.quantBegin.assign(o.quantBegin.begin(), o.quantBegin.end());
  partition.quantEnd.assign(o.quantEnd.begin(), o.quantEnd.end());
  funcPM.addPass(createPartitionQuantRegionsPass(partition));
  // The exceptions: ops asked (or found, runPTQ) to stay float lose their
  // role before the fixes are placed around them.
  if (!o.keepFloat.empty()) {
    KeepFloatPassOptions keep;
    keep.ops.assign(o.keepFloat.begin(), o.keepFloat.end());
    keep.reasons.assign(o.keepFloatReasons.begin(), o.keepFloatReasons.end());
    funcPM.addPass(createKeepFloatPass(keep));
  }
  // Fixes on every tensor the device holds as int8 (the quant-group rule).
  InsertFixPassOptions insert;
  insert.bitWidth = o.bitWidth;
  funcPM.addPass(createInsertFixPass(insert));
  // NPU or CPU for every op, with the reason, in acyclic device subgraphs:
  // the exporters and reports read it instead of deciding themselves.
  funcPM.addPass(createPlaceOpsPass());
}
