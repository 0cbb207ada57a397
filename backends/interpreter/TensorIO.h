//===- TensorIO.h - reading and writing tensor files ------------*- C++ -*-===//
//
// `.npy` reading and writing (C order; float32, float64 read as float32,
// int8, uint8, int32, int64), ONNX TensorProto (`.pb`) writing with a tiny
// hand-written protobuf encoder, and a registry of readers by file
// extension so other libraries can add formats (the ONNX frontend registers
// `.pb` reading) without this library depending on them.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_TENSORIO_H
#define NNDCT_BACKENDS_INTERPRETER_TENSORIO_H

#include "backends/interpreter/Tensor.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace mlir::nndct {

/// Reads a tensor file; errors name the file and say what is wrong.
using TensorReader =
    std::function<llvm::Expected<Tensor>(llvm::StringRef path)>;

/// Registers `reader` for files ending in `extension` (e.g. ".pb"),
/// replacing any earlier one.
void registerTensorReader(llvm::StringRef extension, TensorReader reader);

/// Whether a reader is registered for `extension`.
bool hasTensorReader(llvm::StringRef extension);

/// Reads `path` with the reader registered for its extension (`.npy` is
/// built in).
llvm::Expected<Tensor> readTensorFile(llvm::StringRef path);

/// What an `.npy` header declares (the one parser of the format: in-memory
/// reads and streaming calibration reads both use it).
struct NpyLayout {
  /// Element code, little-endian: f4, f8, i1, u1, i4 or i8.
  std::string dtype;
  size_t elementSize = 0;
  std::vector<int64_t> shape;
  /// Bytes before the data (preamble and header).
  size_t dataOffset = 0;
};

/// The data offset an `.npy` preamble declares; `preamble` holds the first
/// 12 bytes of the file (or all of it when shorter).
llvm::Expected<size_t> npyDataOffset(llvm::StringRef preamble,
                                     llvm::StringRef nameForErrors);

/// Parses the preamble and header at the start of `bytes` (the data may be
/// absent). C order only; errors name `nameForErrors`.
llvm::Expected<NpyLayout> parseNpyLayout(llvm::StringRef bytes,
                                         llvm::StringRef nameForErrors);

/// `.npy` from memory / from a file.
llvm::Expected<Tensor> parseNpy(llvm::StringRef bytes,
                                llvm::StringRef nameForErrors);
llvm::Expected<Tensor> readNpy(llvm::StringRef path);

/// The `.npy` encoding of `tensor` (dtype from its ElementKind).
std::string encodeNpy(const Tensor &tensor);

/// The ONNX TensorProto encoding of `tensor`: dims, data_type, name,
/// raw_data (little-endian).
std::string encodeTensorProto(const Tensor &tensor, llvm::StringRef name = "");

/// Writes `bytes` to `path`; fails with a message naming the file.
llvm::Error writeFile(llvm::StringRef path, llvm::StringRef bytes);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_TENSORIO_H
