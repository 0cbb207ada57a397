//===- VerifyCanonical.cpp - check the canonical-form contract ------------===//
//
// nndct-verify-canonical: the boundary check between graph clean-up and
// quantization. Quant-group formation assumes no batch_norm, dropout or
// identity, and no data movement of constants; this pass says which op
// breaks that contract instead of letting a later pass misbehave.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Passes.h"

namespace mlir::nndct {
#define GEN_PASS_DEF_VERIFYCANONICALPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// Why `op` is not canonical, or an empty string.
StringRef violation(Operation *op) {
  if (isa<BatchNormOp>(op))
    return "batch_norm must be folded (run nndct-fold-batchnorm)";
  if (isa<DropoutOp, IdentityOp>(op))
    return "no-op must be removed (run nndct-canonicalize)";
  if (isa<ReshapeOp, TransposeOp>(op) && getConstantValue(op->getOperand(0)))
    return "data movement of a constant must be folded (run "
           "nndct-canonicalize)";
  return {};
}

struct VerifyCanonicalPass
    : public nndct::impl::VerifyCanonicalPassBase<VerifyCanonicalPass> {
  void runOnOperation() override {
    bool failed = false;
    getOperation().walk([&](Operation *op) {
      if (StringRef why = violation(op); !why.empty()) {
        op->emitError("not in canonical form: ") << why;
        failed = true;
      }
    });
    if (failed)
      signalPassFailure();
  }
};
} // namespace
