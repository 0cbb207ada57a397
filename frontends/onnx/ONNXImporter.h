//===- ONNXImporter.h - ONNX ModelProto to nndct ----------------*- C++ -*-===//
//
// Imports an ONNX model file into a module with one func.func @main on
// nndct ops. Exceptions from protobuf/libonnx never escape this library:
// every failure is an MLIR diagnostic naming the file or ONNX node.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H
#define NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "ir/InputShapes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::nndct {

struct ImportOptions {
  /// Shapes fixing dynamic input dimensions (`--input-shape
  /// [NAME=]1x3x224x224`). The key is the input name, or "" for "the single
  /// input".
  InputShapes inputShapes;
};

/// Imports the ONNX model at `path`. Returns null after emitting diagnostics.
OwningOpRef<ModuleOp> importONNXFile(llvm::StringRef path, MLIRContext *context,
                                     const ImportOptions &options = {});

/// Imports a serialized ModelProto held in memory; external data files are
/// resolved relative to `baseDir` ("" is the working directory). Returns
/// null after emitting diagnostics, which name the source "<buffer>".
OwningOpRef<ModuleOp> importONNXBuffer(llvm::StringRef bytes,
                                       llvm::StringRef baseDir,
                                       MLIRContext *context,
                                       const ImportOptions &options = {});

/// Registers `--import-onnx` with nndct-translate.
void registerImportONNXTranslation();

} // namespace mlir::nndct

#endif // NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H
