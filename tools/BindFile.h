//===- BindFile.h - read a --bind value file ---------------------*- C++
//-*-===//
//
// The tools bind ONNX graph inputs to values read from `.npy` or `.pb`
// (TensorProto) files (`--bind NAME=FILE`, and `nndct run`'s `--input` files
// for inputs a node needs as constants). Both readers are the existing ones
// (TensorIO's .npy parser, TensorProtoIO); integer `.npy` values are kept
// exact, since a shape or a slice end (INT64_MAX) must not round through
// float. Header-only: nndct and nndct-translate both include it.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_TOOLS_BINDFILE_H
#define NNDCT_TOOLS_BINDFILE_H

#include "backends/interpreter/TensorIO.h"
#include "frontends/onnx/TensorProtoIO.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

namespace mlir::nndct {

/// Reads the value file at `path` (.npy or .pb); "" or an error message
/// naming the file.
inline std::string readBindFile(llvm::StringRef path, TensorData &out) {
  if (path.ends_with(".pb"))
    return readTensorProtoFile(path, out);
  if (!path.ends_with(".npy"))
    return "'" + path.str() + "': expected a .npy or .pb file";
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return "cannot open '" + path.str() + "': " + buffer.getError().message();
  llvm::StringRef bytes = (*buffer)->getBuffer();
  llvm::Expected<Tensor> t = parseNpy(bytes, path);
  if (!t)
    return llvm::toString(t.takeError());
  llvm::Expected<NpyLayout> layout = parseNpyLayout(bytes, path);
  if (!layout)
    return llvm::toString(layout.takeError());
  out = TensorData();
  out.shape = t->shape;
  out.data = std::move(t->data);
  const char *raw = bytes.data() + layout->dataOffset;
  int64_t n = out.numElements();
  auto exact = [&](auto sample, int32_t onnxType) {
    using T = decltype(sample);
    out.elementType = onnxType;
    out.intData.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw + i * sizeof(T), sizeof(T));
      out.intData[i] = int64_t(v);
    }
  };
  if (layout->dtype == "i8")
    exact(int64_t(), 7);
  else if (layout->dtype == "i4")
    exact(int32_t(), 6);
  else if (layout->dtype == "i1")
    exact(int8_t(), 3);
  else if (layout->dtype == "u1")
    exact(uint8_t(), 2);
  return "";
}

} // namespace mlir::nndct

#endif // NNDCT_TOOLS_BINDFILE_H
