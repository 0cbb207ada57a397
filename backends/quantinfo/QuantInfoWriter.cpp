//===- QuantInfoWriter.cpp - write quant_info.json ------------------------===//
//
// Emits the vai_q_pytorch layout: the three sections in vai's order, keys
// sorted within each section, one `[[bit_width, fix_point], ...]` list per
// key on one line (so the file diffs well), then the flags, the version
// and the structural hash.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"
#include "backends/quantinfo/QuantNames.h"

#include "ir/Naming.h"

#include "llvm/ADT/STLExtras.h"

#include <map>

#ifndef NNDCT_VERSION_STRING
#define NNDCT_VERSION_STRING "0.1.0"
#endif

using namespace mlir;
using namespace mlir::nndct;

/// `[[8, 5], null]`: one element per slot; null when unset or absent.
static void printSlots(llvm::raw_ostream &os, const QuantEntry &entry) {
  os << '[';
  llvm::interleaveComma(entry.slots, os, [&](FixOp fix) {
    if (!fix || !fix.getFixPoint())
      os << "null";
    else
      os << '[' << fix.getBitWidth() << ", " << *fix.getFixPoint() << ']';
  });
  os << ']';
}

LogicalResult mlir::nndct::writeQuantInfo(ModuleOp module,
                                          llvm::raw_ostream &os,
                                          const QuantInfoOptions &options) {
  func::FuncOp func = getEntryFunction(module);
  if (!func)
    return emitError(module.getLoc(),
                     "quant_info.json: the module has no function");

  std::vector<QuantEntry> entries = collectQuantEntries(func);
  llvm::sort(entries, [](const QuantEntry &a, const QuantEntry &b) {
    return a.name < b.name;
  });

  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    for (QuantSection section :
         {QuantSection::Param, QuantSection::Output, QuantSection::Input}) {
      json.attributeObject(sectionKey(section), [&] {
        for (const QuantEntry &entry : entries) {
          if (entry.section != section)
            continue;
          json.attributeBegin(options.graphName + "::" + entry.name);
          json.rawValue(
              [&](llvm::raw_ostream &raw) { printSlots(raw, entry); });
          json.attributeEnd();
        }
      });
    }
    // Ops kept float inside their region, with why: test mode keeps the
    // same ops float before applying the fix points (keptFloatOps).
    std::map<std::string, std::string> keptFloat;
    func.walk([&](Operation *op) {
      if (auto reason = op->getAttrOfType<StringAttr>(kKeptFloatAttrName))
        if (std::optional<std::string> name = userName(op->getLoc()))
          keptFloat.emplace(*name, reason.getValue().str());
    });
    if (!keptFloat.empty())
      json.attributeObject("float_ops", [&] {
        for (auto &[name, reason] : keptFloat)
          json.attribute(name, reason);
      });
    json.attribute("fast_finetuned", module->hasAttr(kFastFinetunedAttr));
    json.attribute("bias_corrected", module->hasAttr(kBiasCorrectedAttr));
    json.attribute("version", "nndct " NNDCT_VERSION_STRING);
    json.attribute("graph_md5", computeGraphHash(module));
  });
  os << '\n';
  return success();
}
