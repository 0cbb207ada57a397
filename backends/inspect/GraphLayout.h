//===- GraphLayout.h - a layered layout of a DAG ----------------*- C++ -*-===//
//
// Enough of Sugiyama's method to draw a model graph without Graphviz: each
// node goes to the layer of its topological depth (longest path from a
// source), and each layer is ordered once by the mean position of the
// nodes' producers (barycenter), ties in program order. Integer
// coordinates, so the drawing is byte-identical on every run.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INSPECT_GRAPHLAYOUT_H
#define NNDCT_BACKENDS_INSPECT_GRAPHLAYOUT_H

#include <cstdint>
#include <vector>

namespace mlir::nndct {

struct LayeredLayout {
  /// Node i's layer (depth) and the top-left corner of its box.
  std::vector<int64_t> layer, x, y;
  /// The size of the whole drawing.
  int64_t width = 0, height = 0;
};

struct LayoutSizes {
  int64_t nodeWidth = 170, nodeHeight = 44;
  int64_t hGap = 24, vGap = 40, margin = 20;
};

/// Lays out nodes 0..n-1 where producers[i] lists nodes < i (program
/// order is a topological order).
LayeredLayout layoutLayers(const std::vector<std::vector<int64_t>> &producers,
                           const LayoutSizes &sizes = {});

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INSPECT_GRAPHLAYOUT_H
