//===- QuantNames.cpp - stable names for the fixes of a model -------------===//
//
// Implements the naming rule documented in QuantNames.h: collect a base name
// and slot for every fix, then resolve collisions with the suffix rule.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantNames.h"

#include "ir/ConstantUtils.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::nndct;

llvm::StringRef mlir::nndct::sectionKey(QuantSection section) {
  switch (section) {
  case QuantSection::Param:
    return "param";
  case QuantSection::Output:
    return "output";
  case QuantSection::Input:
    return "input";
  }
  llvm_unreachable("unknown section");
}

namespace {

/// Assigns names while walking; see collectQuantEntries.
class EntryCollector {
public:
  explicit EntryCollector(func::FuncOp func) : func(func) {
    unsigned index = 0;
    func.walk<WalkOrder::PreOrder>(
        [&](Operation *op) { opIndex[op] = index++; });
  }

  std::vector<QuantEntry> run();

private:
  std::string nodeName(Operation *op) {
    std::string name = userName(op->getLoc()).value_or("");
    if (!name.empty())
      return name;
    StringRef mnemonic = op->getName().stripDialect();
    return (mnemonic + "_" + Twine(opIndex.lookup(op))).str();
  }

  std::string argName(BlockArgument arg) {
    if (arg.getOwner()->getParentOp() == func.getOperation())
      return argumentName(func, arg.getArgNumber());
    return ("input_" + Twine(arg.getArgNumber())).str();
  }

  /// The value whose producer names a fixed tensor: looks through region
  /// results (to the yielded value) and through other fixes.
  static Value traceProducer(Value v) {
    while (true) {
      if (auto fix = v.getDefiningOp<FixOp>()) {
        v = fix.getInput();
        continue;
      }
      if (v.getDefiningOp<RegionOp>()) {
        v = lookIntoRegions(v);
        continue;
      }
      return v;
    }
  }

  void addParam(FixOp fix);
  void addOutput(FixOp fix);

  func::FuncOp func;
  llvm::DenseMap<Operation *, unsigned> opIndex;
  std::vector<QuantEntry> entries;
  /// Output entries by producer (an Operation* or a block argument's
  /// opaque pointer), so the fixes of one multi-result op share an entry.
  llvm::DenseMap<void *, size_t> outputEntryOf;
};

void EntryCollector::addParam(FixOp fix) {
  Value input = fix.getInput();
  std::string name;
  if (ElementsAttr value = getConstantValue(input)) {
    std::string fallback;
    if (!fix->use_empty()) {
      StringRef suffix = fix.getKind() == FixKind::bias ? ".bias" : ".weight";
      fallback = nodeName(*fix->getUsers().begin()) + suffix.str();
    } else {
      fallback = nodeName(fix);
    }
    name = resourceName(value, fallback);
  } else if (Operation *def = input.getDefiningOp()) {
    name = nodeName(def);
  } else {
    name = argName(cast<BlockArgument>(input));
  }
  entries.push_back({QuantSection::Param, name, {fix}});
}

void EntryCollector::addOutput(FixOp fix) {
  Value producer = traceProducer(fix.getInput());
  void *key;
  std::string name;
  unsigned slot = 0;
  unsigned numSlots = 1;
  if (auto result = dyn_cast<OpResult>(producer)) {
    Operation *def = result.getOwner();
    key = def;
    name = nodeName(def);
    slot = result.getResultNumber();
    numSlots = def->getNumResults();
  } else {
    auto arg = cast<BlockArgument>(producer);
    key = arg.getAsOpaquePointer();
    name = argName(arg);
  }

  auto it = outputEntryOf.find(key);
  if (it != outputEntryOf.end() && !entries[it->second].slots[slot]) {
    entries[it->second].slots[slot] = fix;
    return;
  }
  // A new producer, or a second fix of an already fixed value: a new entry
  // (the suffix rule makes its name unique).
  QuantEntry entry{QuantSection::Output, name, std::vector<FixOp>(numSlots)};
  entry.slots[slot] = fix;
  if (it == outputEntryOf.end())
    outputEntryOf[key] = entries.size();
  entries.push_back(std::move(entry));
}

std::vector<QuantEntry> EntryCollector::run() {
  func.walk<WalkOrder::PreOrder>([&](FixOp fix) {
    if (fix.getKind() == FixKind::weight || fix.getKind() == FixKind::bias)
      addParam(fix);
    else
      addOutput(fix);
  });

  // Suffix rule: keep the first use of each base name per section; later
  // ones take the smallest free `<base>_<k>`.
  for (QuantSection section :
       {QuantSection::Param, QuantSection::Output, QuantSection::Input}) {
    llvm::StringSet<> baseNames, assigned;
    for (const QuantEntry &entry : entries)
      if (entry.section == section)
        baseNames.insert(entry.name);
    for (QuantEntry &entry : entries) {
      if (entry.section != section)
        continue;
      if (assigned.insert(entry.name).second)
        continue;
      std::string base = entry.name;
      for (unsigned k = 1;; ++k) {
        std::string candidate = base + "_" + std::to_string(k);
        if (!baseNames.contains(candidate) && !assigned.contains(candidate)) {
          entry.name = candidate;
          assigned.insert(candidate);
          break;
        }
      }
    }
  }
  return std::move(entries);
}

} // namespace

std::vector<QuantEntry> mlir::nndct::collectQuantEntries(func::FuncOp func) {
  return EntryCollector(func).run();
}
