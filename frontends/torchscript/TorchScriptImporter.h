//===- TorchScriptImporter.h - TorchScript archive to nndct -----*- C++ -*-===//
//
// Imports a TorchScript archive (`torch.jit.trace` or `torch.jit.script`,
// saved with `torch.jit.save`) into a module with one func.func @main on
// nndct ops. QuantStub/DeQuantStub calls become nndct.quant_stub /
// nndct.dequant_stub, parameters keep their module paths as blob names and
// every op carries a NameLoc "<module path>/<torch op>".
//
// libtorch is an implementation detail: this header does not include it and
// no libtorch exception escapes the library; failures are MLIR diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H
#define NNDCT_FRONTENDS_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H

#include "ir/InputShapes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::nndct {

struct TorchImportOptions {
  /// One shape per graph input (`--input-shape [NAME=]1x3x224x224`);
  /// TorchScript records no shapes. The key is the input's name (the Python
  /// argument name), or "" for "the single input". Inputs are f32.
  InputShapes inputShapes;
};

/// Imports the TorchScript archive at `path`. Returns null after emitting
/// diagnostics (bad archive, missing shapes, unsupported ops, data-dependent
/// control flow).
OwningOpRef<ModuleOp> importTorchScriptFile(llvm::StringRef path,
                                            MLIRContext *context,
                                            const TorchImportOptions &options);

/// Imports a TorchScript archive held in memory; diagnostics call it `name`.
OwningOpRef<ModuleOp>
importTorchScriptBuffer(llvm::StringRef bytes, MLIRContext *context,
                        const TorchImportOptions &options,
                        llvm::StringRef name = "<buffer>");

/// Registers `--import-torchscript` with nndct-translate. Shares the
/// `--input-shape` option with the other importers when one registered it.
void registerImportTorchScriptTranslation();

} // namespace mlir::nndct

#endif // NNDCT_FRONTENDS_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H
