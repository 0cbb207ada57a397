//===- ActivationPatterns.h - hard activations from their parts -*- C++ -*-===//
//
// Canonicalization patterns of nndct.div and nndct.mul (see
// ActivationPatterns.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_ACTIVATIONPATTERNS_H
#define NNDCT_IR_ACTIVATIONPATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::nndct {

/// On nndct.div: relu6(x + 3) / 6 as hard_sigmoid(x) and
/// x * relu6(x + 3) / 6 as hard_swish(x).
void populateHardActivationsOnDiv(RewritePatternSet &patterns);
/// On nndct.mul: the same with * (1/6), and x * hard_sigmoid(x) as
/// hard_swish(x).
void populateHardActivationsOnMul(RewritePatternSet &patterns);

} // namespace mlir::nndct

#endif // NNDCT_IR_ACTIVATIONPATTERNS_H
