//===- ONNXExporter.h - quantized nndct IR to QDQ ONNX -----------*- C++
//-*-===//
//
// Exports a quantized nndct module as an ONNX model in QDQ form: every op
// becomes its ONNX op(s), every `nndct.fix` with a fix point becomes a
// QuantizeLinear/DequantizeLinear pair with scale 2^-fp and zero point 0,
// weights stay float initializers behind their own Q/DQ, and ops outside
// quantized regions are exported float. Names come from the source model.
// docs/onnx-export.md describes the mapping and the rounding modes.
//
// Only plain structs and MLIR objects cross this interface: protobuf and
// libonnx exceptions are caught inside and become diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_ONNX_ONNXEXPORTER_H
#define NNDCT_BACKENDS_ONNX_ONNXEXPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace mlir::nndct {

/// How fixes are rounded in the exported model.
enum class ONNXRounding {
  /// Plain Q/DQ pairs: ONNX Runtime rounds half-to-even, so results differ
  /// from nndct's half-up activations on exact ties (x * 2^fp = k + 0.5).
  Standard,
  /// Half-up (and std_round/floor) expressed with standard ONNX ops before
  /// each Q/DQ pair, and weights pre-rounded, so ONNX Runtime reproduces
  /// nndct's fake quantization bit for bit.
  Exact,
};

struct ONNXExportOptions {
  /// The default opset domain version; 13 to 17 (what libonnx 1.12 checks).
  int64_t opset = 13;
  ONNXRounding rounding = ONNXRounding::Standard;
  /// The ONNX graph name; empty means the function's name.
  std::string graphName;
  /// Run onnx::checker::check_model on the result (on by default).
  bool check = true;
};

/// Writes the serialized ModelProto of `module`'s `main` function (or its
/// first function) to `os`. On failure emits diagnostics (naming the node
/// that could not be exported) and writes nothing.
LogicalResult exportQDQONNX(ModuleOp module, llvm::raw_ostream &os,
                            const ONNXExportOptions &options = {});

/// Same, into the file `path`; the file is created only on success.
LogicalResult exportQDQONNX(ModuleOp module, llvm::StringRef path,
                            const ONNXExportOptions &options = {});

/// Registers `--export-onnx` with `--onnx-opset=N` and
/// `--onnx-rounding=standard|exact`.
void registerONNXExportTranslation();

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_ONNX_ONNXEXPORTER_H
