//===- FixGraph.h - which fix a value's codes are of ------------*- C++ -*-===//
//
// On the NPU a tensor between ops is held as int8 codes of one fix point:
// the one of the nndct.fix that quantized it, carried unchanged through
// ops that do not change values (reshape, relu, max pool, ...), through a
// concat whose inputs share its fix, and back from an op whose result
// goes straight into a fix (a quant group's head requantizes to its
// group's output fix). These queries answer "which fix" from the IR alone,
// for the integer interpreter (what it computes) and for the fix-point
// legalization (which fix points an NPU op's shifts relate).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_FIXGRAPH_H
#define NNDCT_IR_FIXGRAPH_H

#include "ir/NNDCTOps.h"

namespace mlir::nndct {

/// Ops that accumulate in integers and requantize to their output fix: a
/// quant group head (Compute role) with an integer accumulator on the
/// device. An average is one only when nndct-emulate-npu-numerics marked it
/// with the device's factors.
bool isHead(Operation *op);

/// Whether the IR puts `op` on the device (no placement yet: wherever its
/// attributes say it computes).
bool placedOnDevice(Operation *op);

/// A leaky_relu applied on its producer's accumulator: it carries the
/// device's slope, directly follows a head with no fix between them (the
/// quant group rule), and is not placed on the CPU.
bool isFusedLeaky(Operation *op);

/// The assigned fix `v` flows into through single-use value-preserving
/// ops, relu6/clamp, concat and a fused leaky (the fix a head requantizes
/// to), or null.
FixOp reachedFix(Value v);

/// The assigned fix whose codes `v` holds: the fix that produced it, back
/// through value-preserving ops and region results, or the fix it reaches;
/// null for a float value.
FixOp definingFix(Value v);

} // namespace mlir::nndct

#endif // NNDCT_IR_FIXGRAPH_H
