//===- LegalizeTarget.cpp - rewrite ops into what the target runs ---------===//
//
// nndct-legalize-target: an op the target's engines cannot run as written
// but can run in an equivalent form is rewritten into that form before
// quantization, so calibration sees, and the exporters write, what the
// device computes. The target model (ir/TargetModel.h) decides; without a
// `#nndct.target` the pass changes nothing. The rewrites live in
// passes/legalize/, one file per concern.
//
//===----------------------------------------------------------------------===//

#include "ir/TargetModel.h"
#include "passes/Passes.h"
#include "passes/legalize/LegalizePatterns.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_LEGALIZETARGETPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

struct LegalizeTargetPass
    : public nndct::impl::LegalizeTargetPassBase<LegalizeTargetPass> {
  using LegalizeTargetPassBase::LegalizeTargetPassBase;

  void runOnOperation() override {
    const TargetModel *target = getTargetModel(getOperation());
    if (!target)
      return;
    MLIRContext *context = &getContext();
    // SiLU first: x * sigmoid(x) must become one hard swish, not the product
    // of x and the hard sigmoid convert-sigmoid would make of its sigmoid.
    if (convertSilu) {
      RewritePatternSet silu(context);
      populateSiluLegalization(silu, *target);
      if (failed(applyPatternsGreedily(getOperation(), std::move(silu))))
        return signalPassFailure();
    }
    LegalizeChoices choices;
    choices.convertSigmoid = convertSigmoid;
    RewritePatternSet patterns(context);
    populateActivationLegalization(patterns, *target, choices);
    populateConvLegalization(patterns, *target);
    populatePadFolding(patterns, *target);
    populatePoolLegalization(patterns, *target);
    populateDataMovementLegalization(patterns);
    // Each rewrite removes what it matched or produces ops its pattern no
    // longer matches: the driver's own iteration reaches the fixed point.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
