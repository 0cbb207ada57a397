//===- PlacementView.cpp - a model's placement as data and text -----------===//
//
// The view is built once from the IR (ir/Placement.h gives the placed ops in
// program order and their placed producers); the table and the totals are
// plain text with columns padded to the widest entry, so the output is the
// same bytes on every run.
//
//===----------------------------------------------------------------------===//

#include "backends/inspect/PlacementView.h"

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "ir/Placement.h"

#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <set>

using namespace mlir;
using namespace mlir::nndct;

std::string PlacedOpView::fixPointText() const {
  std::string text;
  bool any = false;
  for (size_t i = 0; i < fixed.size(); ++i) {
    if (i)
      text += ",";
    if (!fixed[i]) {
      text += "-";
      continue;
    }
    any = true;
    text += fixPoints[i] ? std::to_string(*fixPoints[i]) : "?";
  }
  return any ? text : "-";
}

namespace {
/// The fix that quantizes `v` (its first user that is a fix of it).
FixOp outputFix(Value v) {
  for (Operation *user : v.getUsers())
    if (auto fix = dyn_cast<FixOp>(user); fix && fix.getInput() == v)
      return fix;
  return {};
}
} // namespace

PlacementView PlacementView::build(func::FuncOp func) {
  PlacementView view;
  view.function = escapeUntrustedText(func.getSymName());
  PlacedGraph graph = PlacedGraph::build(func);
  llvm::StringSet<> taken;
  auto unique = [&](std::string base) {
    std::string name = base;
    for (int k = 1; !taken.insert(name).second; ++k)
      name = base + "_" + std::to_string(k);
    return name;
  };
  std::set<int64_t> npuSubgraphs, cpuSubgraphs;
  for (auto [i, op] : llvm::enumerate(graph.ops)) {
    PlacedOpView v;
    v.kind = op->getName().stripDialect().str();
    std::optional<std::string> user = userName(op->getLoc());
    v.name = unique(user && !user->empty() ? escapeUntrustedText(*user)
                                           : v.kind + "_" + std::to_string(i));
    for (Value result : op->getResults()) {
      FixOp fix = outputFix(result);
      v.fixed.push_back(bool(fix));
      v.fixPoints.push_back(fix ? fix.getFixPoint() : std::nullopt);
    }
    v.producers.assign(graph.producers[i].begin(), graph.producers[i].end());
    llvm::sort(v.producers);
    PlacementAttr placement = getPlacement(op);
    if (!placement) {
      ++view.unplaced;
      v.device = "none";
      view.ops.push_back(std::move(v));
      continue;
    }
    v.device = stringifyDevice(placement.getDevice()).str();
    v.engine = escapeUntrustedText(placement.getEngine());
    if (std::optional<CpuReason> reason = placement.getReason())
      v.reason = stringifyCpuReason(*reason).str();
    v.message = escapeUntrustedText(placement.getMessage());
    v.subgraph = placement.getSubgraph();
    if (v.onNpu()) {
      ++view.totals.npuOps;
      npuSubgraphs.insert(v.subgraph);
    } else {
      ++view.totals.cpuOps;
      ++view.totals.cpuReasons[v.reason.empty() ? "unknown" : v.reason];
      cpuSubgraphs.insert(v.subgraph);
    }
    view.ops.push_back(std::move(v));
  }
  std::set<int64_t> all(npuSubgraphs);
  all.insert(cpuSubgraphs.begin(), cpuSubgraphs.end());
  view.totals.subgraphs = all.size();
  view.totals.npuSubgraphs = npuSubgraphs.size();
  view.totals.cpuSubgraphs = cpuSubgraphs.size();
  return view;
}

bool mlir::nndct::needsPlacement(func::FuncOp func) {
  bool missing = false;
  func.walk([&](Operation *op) {
    if (isPlaceable(op) && !getPlacement(op)) {
      missing = true;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return missing;
}

void mlir::nndct::writePlacementTotals(const PlacementView &view,
                                       llvm::raw_ostream &os) {
  const PlacementTotals &t = view.totals;
  os << "# placement: " << view.ops.size() << " ops, npu=" << t.npuOps
     << " cpu=" << t.cpuOps << "\n";
  os << "# cpu ops by reason:";
  if (t.cpuReasons.empty())
    os << " none";
  for (const auto &[reason, n] : t.cpuReasons)
    os << " " << reason << "=" << n;
  os << "\n";
  os << "# subgraphs: " << t.subgraphs << " (npu=" << t.npuSubgraphs
     << " cpu=" << t.cpuSubgraphs << ")\n";
}

namespace {
/// Display width: UTF-8 code points, so an escaped name pads right.
size_t displayWidth(llvm::StringRef text) {
  size_t n = 0;
  for (char c : text)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string pad(llvm::StringRef text, size_t width, bool right = false) {
  size_t w = displayWidth(text);
  std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + text.str() : text.str() + fill;
}
} // namespace

void mlir::nndct::writePlacementTable(const PlacementView &view,
                                      llvm::raw_ostream &os) {
  size_t nameW = 2, kindW = 4, whyW = 13;
  for (const PlacedOpView &op : view.ops) {
    nameW = std::max(nameW, displayWidth(op.name));
    kindW = std::max(kindW, displayWidth(op.kind));
    whyW = std::max(whyW, displayWidth(op.engineOrReason()));
  }
  auto row = [&](llvm::StringRef name, llvm::StringRef kind,
                 llvm::StringRef device, llvm::StringRef why,
                 llvm::StringRef subgraph, llvm::StringRef fix,
                 llvm::StringRef message) {
    std::string line = pad(name, nameW) + " " + pad(kind, kindW) + " " +
                       pad(device, 6) + " " + pad(why, whyW) + " " +
                       pad(subgraph, 8, /*right=*/true) + " " +
                       pad(fix, 9, /*right=*/true) + " " + message.str();
    os << llvm::StringRef(line).rtrim() << "\n";
  };
  row("op", "kind", "device", "engine/reason", "subgraph", "fix_point",
      "message");
  for (const PlacedOpView &op : view.ops)
    row(op.name, op.kind, op.device, op.engineOrReason(),
        std::to_string(op.subgraph), op.fixPointText(), op.message);
  writePlacementTotals(view, os);
}
