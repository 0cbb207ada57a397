//===- Placement.h - the placed ops of a function and their edges -*- C++
//-*-===//
//
// What nndct-place-ops decides and every consumer reads: which ops carry a
// placement, the #nndct.placement of an op, and the graph of placed ops
// (each op's placed producers, seen through fixes, stubs and region
// boundaries, which are not placed themselves).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_PLACEMENT_H
#define NNDCT_IR_PLACEMENT_H

#include "ir/NNDCTDialect.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::nndct {

/// Whether `op` is placed: an nndct op that computes (not a constant, fix,
/// stub, region marker or terminator).
bool isPlaceable(Operation *op);

/// The op's placement, or null before nndct-place-ops.
PlacementAttr getPlacement(Operation *op);

/// The placed ops of a function body in program order with their placed
/// producers.
struct PlacedGraph {
  SmallVector<Operation *> ops;
  /// producers[i]: indices (< i) of the placed ops ops[i] reads.
  SmallVector<SmallVector<int64_t>> producers;
  /// The nndct.region enclosing ops[i], or null.
  SmallVector<Operation *> regions;
  /// Whether the function has regions; without any, its whole body is one
  /// quantized graph (hand-written IR, `--compile-to` before partitioning).
  bool hasRegions = false;
  llvm::DenseMap<Operation *, int64_t> index;

  static PlacedGraph build(Operation *function);
};

} // namespace mlir::nndct

#endif // NNDCT_IR_PLACEMENT_H
