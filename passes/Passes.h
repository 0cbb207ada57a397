//===- Passes.h - nndct passes ----------------------------------*- C++ -*-===//
//
// Declarations of every nndct pass (generated from Passes.td) and the
// registration entry point used by nndct-opt and embedding compilers.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_PASSES_H
#define NNDCT_PASSES_PASSES_H

#include "ir/NNDCTDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "passes/PTQOptions.h"

namespace mlir {
class RewritePatternSet;
namespace nndct {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// The canonicalization patterns of every nndct op (nndct-canonicalize),
/// for use in other rewrite drivers (folders run in any greedy driver).
void populateCanonicalizePatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace nndct
} // namespace mlir

#endif // NNDCT_PASSES_PASSES_H
