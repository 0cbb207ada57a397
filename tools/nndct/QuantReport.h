//===- QuantReport.h - the per-layer report of a model ----------*- C++ -*-===//
//
// A plain-text table of every fix of a quantized module, keyed by its
// quant_info.json name: section, kind, bits, fix point, rounding and the
// observed range, plus counts per kind and the tensors left float, and the
// placement totals (ops per device, CPU ops by reason, subgraphs) when the
// ops are placed.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_QUANTREPORT_H
#define NNDCT_TOOLS_NNDCT_QUANTREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::nndct {

struct FloatOpSearchResult;

/// Writes the report of `module`; `method` is printed when not empty, and
/// the trade of the accuracy-aware float ops when `search` is given.
void writeQuantReport(ModuleOp module, llvm::raw_ostream &os,
                      llvm::StringRef model, llvm::StringRef target,
                      llvm::StringRef method,
                      const FloatOpSearchResult *search = nullptr);

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_QUANTREPORT_H
