//===- Canonicalize.cpp - canonical form of nndct IR
//-----------------------===//
//
// nndct-canonicalize: the nndct ops' own folders and canonicalization
// patterns (NNDCTOps.td: no-ops fold away, data movement of constants is
// done at compile time, clamp(0, 6) becomes relu6), applied to a function
// on their own. Upstream `-canonicalize` applies the same rewrites; this
// pass is the pipeline's step that promises only them, so quant groups do
// not stop at a dropout and weights reach their consumers as constants.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_CANONICALIZEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {
struct CanonicalizePass
    : public nndct::impl::CanonicalizePassBase<CanonicalizePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateCanonicalizePatterns(patterns);
    // The greedy driver also runs every op's folder.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::nndct::populateCanonicalizePatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  Dialect *nndct = context->getLoadedDialect<NNDCTDialect>();
  for (RegisteredOperationName op : context->getRegisteredOperations())
    if (&op.getDialect() == nndct)
      op.getCanonicalizationPatterns(patterns, context);
}
