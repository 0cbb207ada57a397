//===- NNDCTOps.h - nndct operations ----------------------------*- C++ -*-===//
//
// Declares the ops of the nndct dialect (generated from NNDCTOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NNDCTOPS_H
#define NNDCT_IR_NNDCTOPS_H

#include "ir/NNDCTDialect.h"
#include "ir/QuantRole.h"
#include "ir/numerics/DeviceArithmetic.h"
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
/// Whether `op` computes what the device computes instead of the float
/// formula: an average marked `npu_numerics`, or a hard sigmoid carrying
/// the device's `npu_multiplier`/`npu_shift` (both set by
/// nndct-emulate-npu-numerics from the module's target).
bool usesDeviceNumerics(Operation *op);

/// The device constant recorded on a leaky_relu (its slope) or hard_sigmoid
/// (its 1/6) by nndct-emulate-npu-numerics, or nullopt when the op keeps
/// its float formula.
std::optional<npu::FixedScale> getNpuScale(Operation *op);

/// The value that computes `v`: a region's result is the value its body
/// yields (regions forward their results unchanged), looked into through
/// nested regions; any other value is itself.
Value lookIntoRegions(Value v);
} // namespace mlir::nndct

#endif // NNDCT_IR_NNDCTOPS_H
