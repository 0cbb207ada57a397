//===- NNDCTOps.h - nndct operations ----------------------------*- C++ -*-===//
//
// Declares the ops of the nndct dialect (generated from NNDCTOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NNDCTOPS_H
#define NNDCT_IR_NNDCTOPS_H

#include "ir/NNDCTDialect.h"
#include "ir/QuantRole.h"
#include "ir/numerics/FixArithmetic.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "ir/NNDCTOps.h.inc"

namespace mlir::nndct {
/// Whether `op` computes what the NPU computes (its `npu_numerics` unit
/// attribute, set by nndct-emulate-npu-numerics) instead of the float formula.
bool usesDeviceNumerics(Operation *op);
} // namespace mlir::nndct

#endif // NNDCT_IR_NNDCTOPS_H
