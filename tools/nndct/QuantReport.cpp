//===- QuantReport.cpp - the per-layer report of a quantized model --------===//
//
// Ranges come from the calibration statistics (activations) or from the
// constant data (weights, biases); the representable range 2^-fp * [qmin,
// qmax] is printed beside them so clipping is visible at a glance. The
// table is laid out with fmt (column widths count display width, so "±"
// does not shift a column) and written to the caller's raw_ostream.
//
//===----------------------------------------------------------------------===//

#include "tools/nndct/QuantReport.h"

#include "backends/inspect/PlacementView.h"
#include "backends/quantinfo/QuantNames.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "ir/Naming.h"
#include "passes/FloatOpSearch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace mlir;
using namespace mlir::nndct;

/// What nndct-fast-finetune did per layer (held-out loss before and after,
/// and whether the change stayed), when it ran.
static void writeFinetuneResults(func::FuncOp func, llvm::raw_ostream &os) {
  bool header = false;
  func.walk([&](Operation *op) {
    auto fit = op->getAttrOfType<DictionaryAttr>(kFinetuneAttrName);
    if (!fit)
      return;
    if (!header)
      os << "# fast finetune (held-out loss per layer):\n"
            "# layer                          loss before   loss after    "
            "gain dB  result\n";
    header = true;
    double before = fit.getAs<FloatAttr>("loss_before").getValueAsDouble();
    double after = fit.getAs<FloatAttr>("loss_after").getValueAsDouble();
    double gain = before > 0 && after > 0 ? 10 * std::log10(before / after) : 0;
    std::string name = userName(op->getLoc()).value_or("layer");
    os << fmt::format(FMT_STRING("# {:<30} {:>12.4g} {:>12.4g} {:>8.2f}  {}\n"),
                      name, before, after, gain,
                      fit.getAs<StringAttr>("result").getValue().str());
  });
}

/// The ops kept float inside their region (nndct-keep-float), with why,
/// and what the search traded for them.
static void writeKeptFloat(func::FuncOp func, llvm::raw_ostream &os,
                           const FloatOpSearchResult *search) {
  bool header = false;
  func.walk([&](Operation *op) {
    auto reason = op->getAttrOfType<StringAttr>(kKeptFloatAttrName);
    if (!reason)
      return;
    if (!header)
      os << "# kept float (not quantized, on the CPU):\n";
    header = true;
    os << fmt::format(FMT_STRING("# {:<30} {}\n"),
                      userName(op->getLoc()).value_or("op"),
                      reason.getValue().str());
  });
  if (search)
    os << fmt::format(
        FMT_STRING("# accuracy-aware float ops: {} of {}; worst output SQNR "
                   "{:.2f} -> {:.2f} dB on {} calibration samples\n"),
        search->numOps(), search->candidates, search->sqnrBefore,
        search->sqnrRebuilt, search->samples);
}

void mlir::nndct::writeQuantReport(ModuleOp module, llvm::raw_ostream &os,
                                   llvm::StringRef model,
                                   llvm::StringRef target,
                                   llvm::StringRef method,
                                   const FloatOpSearchResult *search) {
  func::FuncOp func = getEntryFunction(module);
  os << "# nndct quantization report: " << model << "\n# target: " << target
     << "\n";
  if (!method.empty())
    os << "# activation calibration method: " << method << "\n";
  if (!func)
    return;
  std::vector<QuantEntry> entries = collectQuantEntries(func);
  size_t width = 4;
  for (const QuantEntry &e : entries)
    width = std::max(width, e.name.size() + 3);
  os << fmt::format(FMT_STRING("{:<7} {:<{}} {:<10} {:>4} {:>4} {:<9} {:>12} "
                               "{:>12} {:>12}\n"),
                    "section", "name", width, "kind", "bits", "fp", "round",
                    "min", "max", "range");
  std::map<std::string, int> counts;
  int unset = 0;
  for (const QuantEntry &e : entries) {
    for (size_t slot = 0; slot < e.slots.size(); ++slot) {
      FixOp fix = e.slots[slot];
      std::string label = e.slotName(slot);
      if (!fix) {
        os << fmt::format(FMT_STRING("{:<7} {:<{}} {:<10}\n"),
                          sectionKey(e.section).str(), label, width, "float");
        continue;
      }
      std::string kind = stringifyFixKind(fix.getKind()).str();
      double lo = NAN, hi = NAN;
      if (CalibStatsAttr stats = fix.getStatsAttr()) {
        lo = stats.getMin().convertToDouble();
        hi = stats.getMax().convertToDouble();
      } else if (ElementsAttr value = getConstantValue(fix.getInput())) {
        if (std::optional<std::vector<float>> v = readFloats(value);
            v && !v->empty()) {
          auto [mn, mx] = std::minmax_element(v->begin(), v->end());
          lo = *mn;
          hi = *mx;
        }
      }
      std::string fp = "-", range = "-";
      if (std::optional<int64_t> p = fix.getFixPoint()) {
        fp = std::to_string(*p);
        range = fmt::format(FMT_STRING("±{:g}"),
                            std::ldexp(double(fix.getRange().qmax), -int(*p)));
        ++counts[kind];
      } else {
        ++unset;
      }
      os << fmt::format(
          FMT_STRING("{:<7} {:<{}} {:<10} {:>4} {:>4} {:<9} "
                     "{:>12.6g} {:>12.6g} {:>12}\n"),
          sectionKey(e.section).str(), label, width, kind, fix.getBitWidth(),
          fp, stringifyRoundMode(fix.getRoundMode()).str(), lo, hi, range);
    }
  }
  os << "# fixes:";
  for (auto &[kind, n] : counts)
    os << fmt::format(FMT_STRING(" {}={}"), kind, n);
  os << fmt::format(FMT_STRING(" unset={}\n"), unset);
  writeFinetuneResults(func, os);
  writeKeptFloat(func, os, search);
  // Where the ops run, once nndct-place-ops has decided (nndct inspect
  // shows the per-op table).
  if (PlacementView view = PlacementView::build(func); view.hasPlacement())
    writePlacementTotals(view, os);
}
