//===- TensorProtoIO.h - read ONNX TensorProto files ------------*- C++ -*-===//
//
// Reads a serialized onnx.TensorProto (the `input_0.pb` / `output_0.pb`
// files of the ONNX backend tests, or `--input` files of the nndct tools)
// into a plain struct, so callers need neither protobuf nor libonnx headers.
// No exception escapes: failures come back as an error message.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_FRONTENDS_ONNX_TENSORPROTOIO_H
#define NNDCT_FRONTENDS_ONNX_TENSORPROTOIO_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::nndct {

/// A tensor read from a TensorProto.
struct TensorData {
  /// The TensorProto's name (may be empty).
  std::string name;
  std::vector<int64_t> shape;
  /// ONNX TensorProto::DataType (1 = FLOAT, 7 = INT64, 9 = BOOL, ...).
  int32_t elementType = 1;
  /// Every element converted to float, row-major (integers too).
  std::vector<float> data;
  /// The exact values of integer and bool tensors (empty for floats).
  std::vector<int64_t> intData;

  int64_t numElements() const;
};

/// Reads the TensorProto file at `path` into `out`. Returns "" on success,
/// otherwise an error message naming the file. External data is resolved
/// relative to the file's directory.
std::string readTensorProtoFile(llvm::StringRef path, TensorData &out);

/// Same for an in-memory serialized TensorProto; `baseDir` resolves external
/// data and `what` names the source in error messages.
std::string readTensorProtoBuffer(llvm::StringRef bytes,
                                  llvm::StringRef baseDir, llvm::StringRef what,
                                  TensorData &out);

} // namespace mlir::nndct

#endif // NNDCT_FRONTENDS_ONNX_TENSORPROTOIO_H
