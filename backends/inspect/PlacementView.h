//===- PlacementView.h - a model's placement as data and text ---*- C++ -*-===//
//
// What `nndct inspect` and the quantize report show: every placed op of the
// entry function (its user name, kind, #nndct.placement and output fix
// points) with its placed producers, and the totals per device, per CPU
// reason and per subgraph. The renderers (table, DOT, HTML) read only this
// struct, so they agree with each other and never walk the IR themselves.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INSPECT_PLACEMENTVIEW_H
#define NNDCT_BACKENDS_INSPECT_PLACEMENTVIEW_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::nndct {

/// One placed op.
struct PlacedOpView {
  /// Unique within the view: the user's node name (a `_<k>` suffix when
  /// several ops share one), else `<kind>_<index>`. Escaped for display.
  std::string name;
  /// The op name without the dialect: `conv2d`.
  std::string kind;
  /// `npu` or `cpu`.
  std::string device;
  /// NPU: the engine; CPU: empty.
  std::string engine;
  /// CPU: the reason code (`kernel_size`); NPU: empty.
  std::string reason;
  std::string message;
  int64_t subgraph = 0;
  /// Fix point of each output that has an `nndct.fix` after it; nullopt for
  /// an output with no fix, or a fix whose point is not assigned yet ("?").
  std::vector<std::optional<int64_t>> fixPoints;
  std::vector<bool> fixed;
  /// Indices (< this op's) of the placed ops it reads.
  std::vector<int64_t> producers;

  bool onNpu() const { return device == "npu"; }
  /// The engine of an NPU op, the reason of a CPU op.
  llvm::StringRef engineOrReason() const { return onNpu() ? engine : reason; }
  /// "3", "3,5", "?" (unassigned), "-" (no fix).
  std::string fixPointText() const;
};

/// Totals of a view.
struct PlacementTotals {
  int64_t npuOps = 0, cpuOps = 0;
  /// CPU ops per reason code (sorted by code name).
  std::map<std::string, int64_t> cpuReasons;
  /// Distinct subgraph numbers, and of those the NPU and CPU ones.
  int64_t subgraphs = 0, npuSubgraphs = 0, cpuSubgraphs = 0;
};

struct PlacementView {
  std::string function;
  std::vector<PlacedOpView> ops;
  PlacementTotals totals;
  /// Placeable ops with no #nndct.placement (0 after nndct-place-ops).
  int64_t unplaced = 0;

  /// Reads the placement of every placeable op of `func`.
  static PlacementView build(func::FuncOp func);
  /// Whether any op carries a placement.
  bool hasPlacement() const { return !ops.empty() && unplaced == 0; }
};

/// Whether any placeable op of `func` lacks a placement.
bool needsPlacement(func::FuncOp func);

/// The table: one line per op, then the totals (writePlacementTotals).
void writePlacementTable(const PlacementView &view, llvm::raw_ostream &os);

/// Three comment lines ("# placement: ...", "# cpu ops by reason: ...",
/// "# subgraphs: ...") — the quantize report's placement summary.
void writePlacementTotals(const PlacementView &view, llvm::raw_ostream &os);

/// Graphviz DOT: one node per op filled by device, one cluster per
/// subgraph, edges from producers.
void writePlacementDot(const PlacementView &view, llvm::raw_ostream &os);

/// One self-contained HTML page (inline SVG, CSS and script; no network):
/// a `<g class="op npu|cpu" data-op=... data-device=...>` per op laid out
/// by topological depth, hover and click show the engine or the reason.
void writePlacementHtml(const PlacementView &view, llvm::StringRef title,
                        llvm::raw_ostream &os);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INSPECT_PLACEMENTVIEW_H
