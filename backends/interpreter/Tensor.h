//===- Tensor.h - the interpreter's tensor value ----------------*- C++ -*-===//
//
// A dense row-major float tensor. Integer and bool tensors (quantize_linear
// results, masks, indices, shapes) hold their values in the same float
// storage and remember their element type: kernels then follow the type's
// integer semantics (wrap-around, truncating division) and writers its
// encoding. Float storage is exact for integers up to 2^24 in magnitude,
// which covers 8- and 16-bit data, indices and shapes of any tensor that
// fits in memory; int32/int64 values beyond 2^24 are rounded. One storage
// keeps every kernel (and oneDNN) on one buffer type; a second, exact
// buffer would double the kernel paths for values CNNs do not carry.
//
// FLOAT16, BFLOAT16 and DOUBLE tensors (F16, BF16, F64) use the same float
// storage: kernels compute in float32, and a value becomes a narrow float
// only where ONNX rounds it (a cast to F16/BF16, rounding to nearest even,
// ir/numerics/NarrowFloat.h), so an F16/BF16 tensor always holds exactly
// representable values. F64 data is rounded to float32 when read: DOUBLE
// models run at float32 precision (docs/element-types.md).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_TENSOR_H
#define NNDCT_BACKENDS_INTERPRETER_TENSOR_H

#include <cstdint>
#include <vector>

namespace mlir::nndct {

enum class ElementKind {
  F32,
  I8,
  U8,
  I32,
  I64,
  Bool,
  I16,
  U16,
  U32,
  U64,
  F16,
  BF16,
  F64
};

/// True for the floating kinds (all stored and computed as float32).
inline bool isFloatKind(ElementKind k) {
  return k == ElementKind::F32 || k == ElementKind::F16 ||
         k == ElementKind::BF16 || k == ElementKind::F64;
}

/// True for the integer and bool kinds.
inline bool isIntegerKind(ElementKind k) { return !isFloatKind(k); }

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
