//===- QuantInfo.h - quant_info.json write and read --------------*- C++
//-*-===//
//
// The quantization result in vai_q_pytorch's `quant_info.json` layout
// (quantization-spec.md §quant_info.json): calib mode writes the fix points
// of a quantized module, test mode applies a file to the same model.
//
//   {
//     "param":  { "Graph::conv1.weight": [[8, 7]], ... },
//     "output": { "Graph::input": [[8, 6]], "Graph::layer1.relu": [[8, 5]] },
//     "input":  {},
//     "fast_finetuned": false,
//     "bias_corrected": true,
//     "version": "nndct 0.1.0",
//     "graph_md5": "..."
//   }
//
// Keys are `<graph name>::<name>` with names from QuantNames.h. Module
// attributes `nndct.bias_corrected` and `nndct.fast_finetuned` (unit
// attributes, set by the passes that do those rewrites) fill the two flags.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_QUANTINFO_QUANTINFO_H
#define NNDCT_BACKENDS_QUANTINFO_QUANTINFO_H

#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir::nndct {

struct QuantInfoOptions {
  /// The prefix of every key (`Graph::conv1.weight`). vai_q_pytorch uses the
  /// model's class name; readers ignore the prefix.
  std::string graphName = "Graph";
};

/// A hex MD5 of the structure of `module`'s quantized function: op kinds,
/// operand topology, types and attributes — not names (locations, blob
/// names, `nndct.name`, region symbol names), not fix points and statistics
/// (they are the result, not the model) and not parameter values (bias
/// correction and finetuning change those). Renaming nodes keeps the hash;
/// changing an op, a shape, an attribute, the fix placement or the target
/// changes it.
std::string computeGraphHash(ModuleOp module);

/// Writes quant_info.json for `module`. Fails (with a diagnostic) when the
/// module has no function.
LogicalResult writeQuantInfo(ModuleOp module, llvm::raw_ostream &os,
                             const QuantInfoOptions &options = {});

/// Test mode: sets the fix points of `module` from a parsed quant_info.json.
/// Every name of the model must be in the file and vice versa; otherwise one
/// error lists every missing and every extra name and the likely cause, and
/// the module is left unchanged. A `null` value unsets the fix point.
LogicalResult applyQuantInfo(ModuleOp module, const llvm::json::Value &json);

/// Parses `text` (the contents of `fileName`) and applies it; a corrupt file
/// is an error with its line and column.
LogicalResult applyQuantInfo(ModuleOp module, llvm::StringRef text,
                             llvm::StringRef fileName);

/// The ops a quant_info.json keeps float (`"float_ops": {name: reason}`,
/// nndct-keep-float's `ops` and `reasons`), in name order; none when the
/// file has no such section. An entry that is not a string is an error.
llvm::Expected<std::vector<std::pair<std::string, std::string>>>
keptFloatOps(const llvm::json::Value &json);

/// Registers `--export-quant-info` with mlir-translate.
void registerQuantInfoTranslations();

#define GEN_PASS_DECL
#include "backends/quantinfo/QuantInfoPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "backends/quantinfo/QuantInfoPasses.h.inc"

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_QUANTINFO_QUANTINFO_H
