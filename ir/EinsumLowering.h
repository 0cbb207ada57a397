//===- EinsumLowering.h - einsum as transpose/reshape/matmul ----*- C++ -*-===//
//
// The one lowering of an einsum equation (ONNX Einsum, torch.einsum) into
// nndct ops, shared by both frontends: each pair of operands becomes
// transpose + reshape + nndct.matmul (so attention's products stay
// quantizable), labels only one operand has and the output lacks are summed
// first (nndct.reduce_sum), and the result is transposed into the output
// order. A label repeated within one operand (a diagonal) is not supported.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_EINSUMLOWERING_H
#define NNDCT_IR_EINSUMLOWERING_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <string>

namespace mlir::nndct {

/// Builds `equation` over `operands` (static-shaped float tensors) at `loc`.
/// On an unsupported or malformed equation returns failure with `error` set
/// to a sentence naming the problem (the caller names the node) and builds
/// nothing.
FailureOr<Value> lowerEinsum(OpBuilder &builder, Location loc,
                             StringRef equation, ValueRange operands,
                             std::string &error);

} // namespace mlir::nndct

#endif // NNDCT_IR_EINSUMLOWERING_H
