//===- LegalizePatterns.h - the rewrites of nndct-legalize-target -*- C++
//-*-===//
//
// nndct-legalize-target (passes/LegalizeTarget.cpp) collects its rewrites
// from one file per concern: activations, convolutions, zero-padding
// folding, pools and data movement. Each populate function reads the
// limits it needs from the target model, so nothing here is AIE2's.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_LEGALIZE_LEGALIZEPATTERNS_H
#define NNDCT_PASSES_LEGALIZE_LEGALIZEPATTERNS_H

#include "ir/TargetModel.h"

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir::nndct {

/// What the options of nndct-legalize-target enable beyond the exact
/// rewrites (convert-silu is populateSiluLegalization, a phase of its own).
struct LegalizeChoices {
  bool convertSigmoid = false;
};

/// Hard sigmoid in the engine's form; with the choices, sigmoid as hard
/// sigmoid and SiLU as hard swish.
void populateActivationLegalization(RewritePatternSet &patterns,
                                    const TargetModel &target,
                                    const LegalizeChoices &choices);
/// SiLU (the op or x * sigmoid(x)) as hard swish; applied before the
/// sigmoid rewrite so the whole product becomes one op.
void populateSiluLegalization(RewritePatternSet &patterns,
                              const TargetModel &target);
/// Grouped convolutions as one convolution per group.
void populateConvLegalization(RewritePatternSet &patterns,
                              const TargetModel &target);
/// Explicit zero padding folded into the consuming conv or average pool.
void populatePadFolding(RewritePatternSet &patterns, const TargetModel &target);
/// reduce_mean over H, W as global average pooling; pools larger than the
/// engine's window as chains of pools that fit.
void populatePoolLegalization(RewritePatternSet &patterns,
                              const TargetModel &target);
/// split as one slice per result.
void populateDataMovementLegalization(RewritePatternSet &patterns);

/// A name derived from `op`'s node name (its NameLoc, else its mnemonic)
/// with `suffix` appended, for constants and ops a rewrite creates.
std::string derivedName(Operation *op, StringRef suffix);

/// `op`'s location under the derived name `derivedName(op, suffix)`, so a
/// new op has its own name in quant_info.json and the exports.
Location derivedLoc(Operation *op, StringRef suffix);

/// Whether a `kh` x `kw` window with strides `sh`, `sw` is within `limits`.
bool fitsEngine(const EngineLimits &limits, int64_t kh, int64_t kw, int64_t sh,
                int64_t sw);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_LEGALIZE_LEGALIZEPATTERNS_H
