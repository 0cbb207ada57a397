//===- QuantNames.h - stable names for the fixes of a model ------*- C++
//-*-===//
//
// The one naming rule quant_info.json uses to key fix points, shared by the
// writer and the reader so a file written in calib mode always finds its
// fixes again in test mode. Names come from the user's model (op locations,
// parameter blob names, `nndct.name` argument attributes), never from the
// order ops happen to be printed in, and are made unique by a suffix rule.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_QUANTINFO_QUANTNAMES_H
#define NNDCT_BACKENDS_QUANTINFO_QUANTNAMES_H

#include "ir/NNDCTOps.h"
#include "ir/Naming.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir::nndct {

/// The quant_info.json section an entry belongs to.
enum class QuantSection { Param, Output, Input };

/// The JSON key of a section ("param", "output", "input").
llvm::StringRef sectionKey(QuantSection section);

/// One key of quant_info.json: a node (or parameter) and the fixes of its
/// outputs, one slot per output index; a null slot is an output that is not
/// quantized.
struct QuantEntry {
  QuantSection section;
  std::string name;
  std::vector<FixOp> slots;

  /// How reports name slot `slot`: the entry's name, with `:<slot>` when
  /// it has several.
  std::string slotName(size_t slot) const {
    return slots.size() > 1 ? name + ":" + std::to_string(slot) : name;
  }
};

/// Every fix of `func` as quant_info.json entries, in a deterministic order
/// (pre-order walk of the function). The naming rule:
///
/// - `param` (weight and bias fixes): the `dense_resource` blob name of the
///   constant the fix quantizes (`conv1.weight`, `conv1.weight.bnfold`);
///   for a literal constant, `<consumer node>.weight` / `.bias`.
/// - `output` (activation and input fixes): the node that produces the fixed
///   value — the first NameLoc of its location — with the slot given by the
///   result number. Values are traced back through `nndct.region` results and
///   other fixes. A function argument is named by its `nndct.name`
///   attribute, else `input_<k>`. An op without a NameLoc is named
///   `<mnemonic>_<k>`, k its index in the walk.
/// - `input` is reserved for ops that quantize their own inputs; nndct puts
///   such fixes on the producing value, so the section stays empty.
///
/// Collisions: the first entry (in walk order) with a base name keeps it; a
/// later entry with the same base name within its section (two nodes named
/// alike, or a value fixed twice) becomes `<base>_<k>` with the smallest
/// k >= 1 that is neither another entry's base name nor already assigned,
/// so no two keys of a section can ever be equal.
std::vector<QuantEntry> collectQuantEntries(func::FuncOp func);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_QUANTINFO_QUANTNAMES_H
