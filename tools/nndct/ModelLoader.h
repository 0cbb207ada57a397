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

#include <string>
#include <vector>

namespace mlir::nndct {

/// Imports `path` by extension; `inputShapes` are `--input-shape` values
/// ("[NAME=]1x3x224x224"): they fix dynamic dims (ONNX), give the shapes
/// TorchScript lacks, or are checked (.mlir). Prints "<tool>: error: ..."
/// (or MLIR diagnostics) and returns null on failure.
OwningOpRef<ModuleOp> loadModel(llvm::StringRef path,
                                const std::vector<std::string> &inputShapes,
                                MLIRContext &context, llvm::StringRef tool);

/// Registers the `.pb` (ONNX TensorProto) reader with TensorIO when the
/// ONNX frontend is built. Idempotent.
void registerTensorFormats();

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_NNDCT_MODELLOADER_H
