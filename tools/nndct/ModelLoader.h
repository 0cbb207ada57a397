//===- ModelLoader.h - models and tensor formats for nndct ------*- C++ -*-===//
//
// What every nndct subcommand starts with: import a model by its extension
// (.onnx, .pt/.pth TorchScript, .mlir), register the tensor file formats the
// build supports, and small helpers shared by the commands.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_NNDCT_MODELLOADER_H
#define NNDCT_TOOLS_NNDCT_MODELLOADER_H

#include "ir/Naming.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mlir::nndct {

/// ONNX graph inputs imported as constants: nndct keeps static shapes, so
/// an input that a node needs as a constant (a shape, axes, pads, scales,
/// bounds...) must have a value at import.
struct InputBindings {
  /// `--bind NAME=FILE` values: bound whatever reads them.
  std::vector<std::string> bind;
  /// The files of the other inputs (`nndct run --input`), when the caller
  /// has them: called with the graph inputs' names in order (the `--bind`
  /// ones left out), it fills name -> file or returns an error message.
  /// Inputs that a node needs as constants are bound to their file.
  std::function<std::string(llvm::ArrayRef<std::string> names,
                            std::map<std::string, std::string> &files)>
      inputFiles;
  /// Filled with the inputs bound from `inputFiles`: (input, who needs it,
  /// e.g. "Reshape node 'r' (input 1, shape)").
  std::vector<std::pair<std::string, std::string>> bound;
};

/// Imports `path` by extension; `inputShapes` are `--input-shape` values
/// ("[NAME=]1x3x224x224"): they fix dynamic dims (ONNX), give the shapes
/// TorchScript lacks, or are checked (.mlir). `bindings` (ONNX only) binds
/// graph inputs to values. Prints "<tool>: error: ..." (and a .mlir file's
/// parse errors) to `errs`, importers' MLIR diagnostics to the context's
/// handler, and returns null on failure.
OwningOpRef<ModuleOp> loadModel(llvm::StringRef path,
                                const std::vector<std::string> &inputShapes,
                                MLIRContext &context, llvm::StringRef tool,
                                InputBindings *bindings = nullptr,
                                llvm::raw_ostream &errs = llvm::errs());

/// Runs nndct-place-ops on `func` when one of its ops has no placement yet
/// (a model prepared by a pipeline without placement, or a bundle made
/// before placement existed), or always when `force` (another target).
/// MLIR diagnostics say what failed.
LogicalResult ensurePlacement(func::FuncOp func, bool force = false);

/// Registers the `.pb` (ONNX TensorProto) reader with TensorIO when the
/// ONNX frontend is built. Idempotent.
void registerTensorFormats();

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_MODELLOADER_H
