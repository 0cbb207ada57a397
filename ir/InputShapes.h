//===- InputShapes.h - the --input-shape option and shape text --*- C++ -*-===//
//
// Every command that loads a model accepts `--input-shape [NAME=]1x3x224x224`
// to fix dynamic (ONNX) or unrecorded (TorchScript) input shapes. One parser
// serves all of them so the syntax and its errors are the same everywhere,
// and its inverse, shapeString, writes every shape a message shows, so a
// shape in an error can be pasted back into --input-shape.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_INPUTSHAPES_H
#define NNDCT_IR_INPUTSHAPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Input name -> shape; the empty name means "the single input".
using InputShapes = std::map<std::string, std::vector<int64_t>>;

/// Parses one `[NAME=]D0xD1x...` value (positive dimensions) into `shapes`.
/// Returns an error message naming the value, or "" on success.
std::string addInputShape(llvm::StringRef text, InputShapes &shapes);

/// `shape` as "1x3x224x224": "scalar" for rank 0, "?" for a dynamic
/// dimension.
std::string shapeString(llvm::ArrayRef<int64_t> shape);

/// The global `--input-shape` option of nndct-translate's importers,
/// declared here once and registered on first use, so every importer that
/// needs it shares the one instance. (The `nndct` subcommands declare their
/// own, scoped to the subcommand.)
const std::vector<std::string> &inputShapeOption();

/// inputShapeOption() parsed; "" on success, else the first error.
std::string parseInputShapeOption(InputShapes &shapes);

} // namespace mlir::nndct

#endif // NNDCT_IR_INPUTSHAPES_H
