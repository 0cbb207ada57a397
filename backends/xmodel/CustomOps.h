//===- CustomOps.h - CPU ops XIR has no op for ------------------*- C++ -*-===//
//
// Internal to the xmodel backend (see CustomOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_XMODEL_CUSTOMOPS_H
#define NNDCT_BACKENDS_XMODEL_CUSTOMOPS_H

#include "backends/xmodel/GraphBuilder.h"

#include <optional>
#include <string>

namespace mlir::nndct::xmodel {

/// Why XIR 2.5 has no op for this kind of nndct op, or nullopt when the op
/// kind has an XIR conversion (OpConversions.cpp).
std::optional<std::string> whyNoXirOp(Operation *op);

/// Writes a CPU op as an XIR custom op of type `nndct_<mnemonic>`: its
/// operands (in the IR's dimension order) under `input`, its attributes, and
/// one XIR op per result.
LogicalResult convertToCustomOp(GraphBuilder &builder, Operation *op);

} // namespace mlir::nndct::xmodel

#endif // NNDCT_BACKENDS_XMODEL_CUSTOMOPS_H
