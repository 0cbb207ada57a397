//===- ONNXImporter.h - ONNX ModelProto to nndct ----------------*- C++ -*-===//
//
// Imports an ONNX model file into a module with one func.func @main on
// nndct ops. Exceptions from protobuf/libonnx never escape this library:
// every failure is an MLIR diagnostic naming the file or ONNX node.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H
#define NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "frontends/onnx/TensorProtoIO.h"
#include "ir/InputShapes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Values of the graph inputs that the caller has anyway (`nndct run`'s
/// `--input` files, a conformance case's inputs). nndct keeps static shapes:
/// when a node needs an input as a constant (a shape, axes, pads, scales,
/// bounds...), the importer binds the value of the graph input it comes
/// from instead of failing.
class InputValueSource {
public:
  virtual ~InputValueSource() = default;
  /// Called with the graph inputs' names, in order, before any node is
  /// imported. Returns "" or an error message.
  virtual std::string setInputNames(llvm::ArrayRef<std::string> names) = 0;
  /// Whether input `name` has a value.
  virtual bool hasValue(llvm::StringRef name) = 0;
  /// Reads the value of input `name`; "" or an error message.
  virtual std::string read(llvm::StringRef name, TensorData &out) = 0;
};

/// A graph input the importer bound from an InputValueSource, and why.
struct BoundInput {
  std::string input;
  /// Who needs it: "Reshape node 'r' (input 1, shape)".
  std::string neededBy;
};

struct ImportOptions {
  /// Shapes fixing dynamic input dimensions (`--input-shape
  /// [NAME=]1x3x224x224`). The key is the input name, or "" for "the single
  /// input".
  InputShapes inputShapes;
  /// Graph inputs imported as constants (`--bind NAME=FILE`): every
  /// constant-folding path sees them and they are not arguments of @main.
  /// Each key must name a graph input.
  std::map<std::string, TensorData> bind;
  /// Values bound only where a node needs them as constants (may be null).
  InputValueSource *values = nullptr;
  /// Receives the inputs bound from `values`, also when the import then
  /// fails for another reason (may be null).
  std::vector<BoundInput> *bound = nullptr;
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

/// Reads a `--bind` value file: "" or an error message naming the file.
using BindFileReader =
    std::function<std::string(llvm::StringRef path, TensorData &out)>;

/// Parses `--bind NAME=FILE` values into `bind`, reading each file with
/// `reader`. Returns "" or the first error (naming the value and the file).
std::string parseBindValues(llvm::ArrayRef<std::string> values,
                            const BindFileReader &reader,
                            std::map<std::string, TensorData> &bind);

/// Registers `--import-onnx` (and its `--bind NAME=FILE` option) with
/// nndct-translate. `reader` reads bind files; the default reads `.pb`
/// TensorProto files only.
void registerImportONNXTranslation(BindFileReader reader = {});

} // namespace mlir::nndct

#endif // NNDCT_FRONTENDS_ONNX_ONNXIMPORTER_H
