//===- Passes.td - nndct pass declarations -----------------*- tablegen -*-===//
//
// Every nndct pass and its options. Flags are nndct-<verb>-<object>.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_TD
#define NNDCT_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNormPass : Pass<"nndct-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold batch_norm into the preceding convolution";
  let description = [{
    `s = gamma / sqrt(var + eps)`; a conv, depthwise conv or transposed conv
    whose only user is a batch_norm gets `W' = W * s` (per output channel) and
    `b' = b * s + beta - mean * s`. A batch_norm that cannot fold becomes a
    per-channel scale and offset: a 1x1 depthwise conv2d on 4-D inputs (what
    the NPU runs), a mul + add otherwise. Afterwards no batch_norm remains.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def CanonicalizePass : Pass<"nndct-canonicalize", "func::FuncOp"> {
  let summary = "Bring nndct IR to canonical form";
  let description = [{
    Removes dropout and identity, folds reshapes and transposes of constants
    into new constants, turns clamp(0, 6) into relu6 and clamp(0, inf) into
    relu, and removes dead ops. The patterns are also available through
    `populateCanonicalizePatterns`.
  }];
  let dependentDialects = ["::mlir::nndct::NNDCTDialect"];
}

def VerifyCanonicalPass : Pass<"nndct-verify-canonical", "func::FuncOp"> {
  let summary = "Check that IR is in canonical form";
  let description = [{
    Fails with an error naming the op when a batch_norm, dropout or identity
    remains, or when a reshape/transpose of a constant was not folded. Runs at
    the boundary between canonicalization and quantization.
  }];
}

#endif // NNDCT_PASSES_TD
