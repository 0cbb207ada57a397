//===- DeviceSubgraphs.h - acyclic grouping of placed ops -------*- C++ -*-===//
//
// Groups ops that share a key (region and device) into subgraphs whose
// contracted graph is acyclic, the property XIR checks when it merges a
// subgraph's children ("Children from a same subgraph depend each other").
// Pure index arithmetic, so it is tested on its own.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_DEVICESUBGRAPHS_H
#define NNDCT_PASSES_DEVICESUBGRAPHS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace mlir::nndct {

/// Nodes 0..n-1 in a topological order; node i has key keys[i] and reads
/// the nodes producers[i] (all < i). Returns each node's subgraph, numbered
/// from 0 in order of first node: a node joins the subgraph of its first
/// producer with the same key, else (with `joinUnconnected`) the latest
/// subgraph with the key, unless that would make two subgraphs depend on
/// each other both ways; if none is safe it starts a new one. Without
/// `joinUnconnected` each subgraph is connected.
llvm::SmallVector<int64_t>
formAcyclicSubgraphs(llvm::ArrayRef<int64_t> keys,
                     llvm::ArrayRef<llvm::SmallVector<int64_t>> producers,
                     bool joinUnconnected);

/// Whether the subgraphs `subgraph` (per node) of the graph `producers`
/// depend on each other only one way; on failure `cycle` gets one subgraph
/// on a cycle.
bool subgraphsAreAcyclic(llvm::ArrayRef<int64_t> subgraph,
                         llvm::ArrayRef<llvm::SmallVector<int64_t>> producers,
                         int64_t &cycle);

} // namespace mlir::nndct

#endif // NNDCT_PASSES_DEVICESUBGRAPHS_H
