//===- Tensor.h - the interpreter's tensor value ----------------*- C++ -*-===//
//
// A dense row-major float tensor. Integer tensors the interpreter meets
// (quantize_linear results) hold exact integer values in float storage and
// remember their element type for writing.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_TENSOR_H
#define NNDCT_BACKENDS_INTERPRETER_TENSOR_H

#include <cstdint>
#include <vector>

namespace mlir::nndct {

enum class ElementKind { F32, I8, U8, I32, I64 };

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  ElementKind kind = ElementKind::F32;

  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_TENSOR_H
