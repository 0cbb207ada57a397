//===- Placement.cpp - the placed ops of a function and their edges -------===//

#include "ir/Placement.h"
#include "ir/NNDCTOps.h"
#include "ir/QuantRole.h"

using namespace mlir;
using namespace mlir::nndct;

bool mlir::nndct::isPlaceable(Operation *op) {
  if (!isa<NNDCTDialect>(op->getDialect()))
    return false;
  switch (getQuantRole(op)) {
  case QuantRole::Constant:
  case QuantRole::Structural:
  case QuantRole::Input:
    return false;
  default:
    return true;
  }
}

PlacementAttr mlir::nndct::getPlacement(Operation *op) {
  return op->getAttrOfType<PlacementAttr>(kPlacementAttrName);
}

namespace {
/// Collects the placed ops `v` comes from, looking through unplaced ops,
/// region results (to the yielded value) and nothing else (constants and
/// function arguments end the search).
void collectProducers(Value v, const PlacedGraph &graph,
                      SmallVectorImpl<int64_t> &out,
                      llvm::SmallPtrSetImpl<Operation *> &seen) {
  Operation *def = v.getDefiningOp();
  if (!def || !seen.insert(def).second)
    return;
  auto it = graph.index.find(def);
  if (it != graph.index.end()) {
    if (!llvm::is_contained(out, it->second))
      out.push_back(it->second);
    return;
  }
  if (auto region = dyn_cast<RegionOp>(def)) {
    unsigned n = cast<OpResult>(v).getResultNumber();
    collectProducers(region.getYield()->getOperand(n), graph, out, seen);
    return;
  }
  for (Value operand : def->getOperands())
    collectProducers(operand, graph, out, seen);
}
} // namespace

PlacedGraph PlacedGraph::build(Operation *function) {
  PlacedGraph graph;
  // Pre-order: a region's body comes before the ops after the region.
  function->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isPlaceable(op))
      return;
    graph.index[op] = int64_t(graph.ops.size());
    graph.ops.push_back(op);
    graph.regions.push_back(op->getParentOfType<RegionOp>());
    graph.hasRegions |= graph.regions.back() != nullptr;
  });
  graph.producers.resize(graph.ops.size());
  for (auto [i, op] : llvm::enumerate(graph.ops)) {
    llvm::SmallPtrSet<Operation *, 8> seen;
    for (Value operand : op->getOperands())
      collectProducers(operand, graph, graph.producers[i], seen);
  }
  return graph;
}
