//===- Naming.h - user-visible names of ops, values and functions -*- C++
//-*-===//
//
// Importers record the user's names in the IR: a NameLoc per op (possibly
// fused after rewrites) and an `nndct.name` attribute on function arguments
// and results. Every exporter and diagnostic reads them back through these
// helpers, so a tensor has the same name in quant_info.json, the QDQ ONNX
// model and the xmodel.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NAMING_H
#define NNDCT_IR_NAMING_H

#include "ir/NNDCTDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"

#include <optional>
#include <string>

namespace mlir::nndct {

/// The first NameLoc inside `loc` (looking through fused and call-site
/// locations), or std::nullopt when the location names nothing.
std::optional<std::string> userName(Location loc);

/// The source name of argument `index` of `func`: its `nndct.name`, else the
/// NameLoc of the block argument, else `fallback` + index.
std::string argumentName(func::FuncOp func, unsigned index,
                         llvm::StringRef fallback = "input_");

/// The source name of result `index` of `func`, or `fallback` + index.
std::string resultName(func::FuncOp func, unsigned index,
                       llvm::StringRef fallback = "output_");

/// `text` safe to show on a terminal and to store in the IR: bytes that are
/// not valid UTF-8, and control characters other than newline and tab, are
/// written as `\xNN`. Model files are untrusted: their names must never put
/// raw bytes in a message or an output file.
std::string escapeUntrustedText(llvm::StringRef text);

/// The function a model is in: findEntryFunction(module) (EntryFunction.h,
/// the one rule), null when there is none or the choice is ambiguous.
func::FuncOp getEntryFunction(ModuleOp module);

} // namespace mlir::nndct

#endif // NNDCT_IR_NAMING_H
