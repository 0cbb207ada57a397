//===- PlacementDot.cpp - a model's placement as Graphviz DOT -------------===//
//
// Nodes are `n<index>` (names are labels only, so any user name is safe),
// filled by device; each device subgraph is a cluster, so `dot` draws the
// XIR subgraphs the exporter will write as boxes.
//
//===----------------------------------------------------------------------===//

#include "backends/inspect/PlacementView.h"

#include <map>

using namespace mlir;
using namespace mlir::nndct;

namespace {
/// `text` inside a DOT double-quoted string.
std::string dotQuote(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

llvm::StringRef fillColor(const PlacedOpView &op) {
  if (op.device == "npu")
    return "#8ec5ff";
  if (op.device == "cpu")
    return "#ffc48a";
  return "#dddddd";
}
} // namespace

void mlir::nndct::writePlacementDot(const PlacementView &view,
                                    llvm::raw_ostream &os) {
  os << "// nndct inspect: placement of @" << view.function << "\n";
  os << "// npu ops: " << view.totals.npuOps
     << " (fill #8ec5ff), cpu ops: " << view.totals.cpuOps
     << " (fill #ffc48a)\n";
  os << "digraph " << dotQuote(view.function) << " {\n";
  os << "  rankdir=TB;\n";
  os << "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
        "fontsize=10];\n";
  os << "  edge [color=\"#555555\"];\n";
  std::map<int64_t, std::vector<size_t>> bySubgraph;
  for (size_t i = 0; i < view.ops.size(); ++i)
    bySubgraph[view.ops[i].subgraph].push_back(i);
  for (const auto &[number, members] : bySubgraph) {
    const PlacedOpView &first = view.ops[members.front()];
    os << "  subgraph cluster_" << number << " {\n";
    os << "    label="
       << dotQuote("subgraph " + std::to_string(number) + " (" + first.device +
                   ")")
       << ";\n";
    os << "    style=dashed; color=" << dotQuote(fillColor(first)) << ";\n";
    for (size_t i : members) {
      const PlacedOpView &op = view.ops[i];
      std::string label =
          op.name + "\n" + op.kind + " · " + op.engineOrReason().str();
      std::string tooltip =
          op.device + ": " +
          (op.onNpu()
               ? "engine " + op.engine
               : op.reason + (op.message.empty() ? "" : " — ") + op.message);
      os << "    n" << i << " [label=" << dotQuote(label)
         << ", fillcolor=" << dotQuote(fillColor(op))
         << ", class=" << dotQuote(op.device)
         << ", tooltip=" << dotQuote(tooltip) << "];\n";
    }
    os << "  }\n";
  }
  for (size_t i = 0; i < view.ops.size(); ++i)
    for (int64_t p : view.ops[i].producers)
      os << "  n" << p << " -> n" << i << ";\n";
  os << "}\n";
}
