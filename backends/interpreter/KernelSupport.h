//===- KernelSupport.h - shared pieces of the op kernels --------*- C++ -*-===//
//
// What several kernel families (ElementwiseKernels.cpp, NNKernels.cpp, ...)
// share: static shapes of values, row-major and broadcast strides, the
// broadcast walk over output elements, the elementwise grain and the
// "forward an operand" kernel. Only kernel sources include it.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_KERNELSUPPORT_H
#define NNDCT_BACKENDS_INTERPRETER_KERNELSUPPORT_H

#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/Parallel.h"
#include "ir/numerics/NarrowFloat.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <cmath>

namespace mlir::nndct::kernels {

/// The static shape of `v`.
inline SmallVector<int64_t> shapeOf(Value v) {
  return SmallVector<int64_t>(cast<ShapedType>(v.getType()).getShape());
}

/// Row-major strides of `shape`.
inline SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int i = int(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Strides of `shape` broadcast (right-aligned) to rank `rank` against
/// `outShape`: 0 where the dimension stretches.
inline SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> outShape) {
  size_t rank = outShape.size();
  SmallVector<int64_t> own = stridesOf(shape);
  SmallVector<int64_t> s(rank, 0);
  for (size_t i = 0; i < shape.size(); ++i) {
    size_t o = rank - shape.size() + i;
    s[o] = (shape[i] == 1 && outShape[o] != 1) ? 0 : own[i];
  }
  return s;
}

/// Walks output elements [begin, end) with the offsets of up to two
/// broadcast inputs, calling fn(outIndex, offA, offB).
template <typename Fn>
void forEachBroadcast(ArrayRef<int64_t> outShape, ArrayRef<int64_t> sa,
                      ArrayRef<int64_t> sb, int64_t begin, int64_t end,
                      Fn &&fn) {
  size_t rank = outShape.size();
  SmallVector<int64_t> idx(rank, 0);
  int64_t rem = begin, offA = 0, offB = 0;
  for (int i = int(rank) - 1; i >= 0; --i) {
    idx[i] = rem % outShape[i];
    rem /= outShape[i];
    offA += idx[i] * sa[i];
    offB += idx[i] * sb[i];
  }
  for (int64_t e = begin; e < end; ++e) {
    fn(e, offA, offB);
    for (int i = int(rank) - 1; i >= 0; --i) {
      ++idx[i];
      offA += sa[i];
      offB += sb[i];
      if (idx[i] < outShape[i])
        break;
      offA -= sa[i] * outShape[i];
      offB -= sb[i] * outShape[i];
      idx[i] = 0;
    }
  }
}

/// Elementwise kernels split the output into chunks of at least this many
/// elements per thread: below it, waking a second thread costs more than it
/// saves. Chunking never changes a result (each element is computed alone).
inline constexpr int64_t kElementwiseGrain = 32768;

/// The kernel applying `f` to every element of a float unary op's input.
template <typename F> PreparedKernel unaryKernel(F f, int threads) {
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *a = in[0]->data.data();
    float *o = res[0].data.data();
    parallelFor(
        res[0].numElements(), threads,
        [&](int64_t begin, int64_t end) {
          for (int64_t i = begin; i < end; ++i)
            o[i] = f(a[i]);
        },
        kElementwiseGrain);
  };
  return k;
}

/// The kernel of a data-movement op or an array activation: `fill(x, y,
/// begin, end)` writes result elements [begin, end) from input 0 (chunked
/// like elementwise kernels).
template <typename F> PreparedKernel rangeCopyKernel(F fill, int threads) {
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *x = in[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(
        res[0].numElements(), threads, kElementwiseGrain,
        [&](int64_t begin, int64_t end) { fill(x, y, begin, end); });
  };
  return k;
}

/// The kernel copying input 0 viewed through `strides` (one per dimension of
/// the result shape `out`; transpose, expand) into result 0.
inline PreparedKernel stridedCopyKernel(SmallVector<int64_t> out,
                                        SmallVector<int64_t> strides,
                                        int threads) {
  return rangeCopyKernel(
      [out, strides](const float *x, float *y, int64_t begin, int64_t end) {
        forEachBroadcast(
            out, strides, strides, begin, end,
            [&](int64_t e, int64_t off, int64_t) { y[e] = x[off]; });
      },
      threads);
}

/// The factory of a float unary op computing `f` (no attributes).
template <typename F> KernelFactory simpleUnary(F f) {
  return
      [f](Operation *, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
        return unaryKernel(f, cfg.options.threads);
      };
}

/// `v` (an exact integer from integer arithmetic, or any value for F32) as
/// an element of kind `k`: integers wrap to the type's width as two's
/// complement (ONNX Runtime's C++ arithmetic), bool is `v != 0`.
inline float toKind(double v, ElementKind k) {
  auto wrap = [&](int bits, bool isSigned) {
    if (std::isnan(v))
      return 0.0f;
    double m = std::ldexp(1.0, bits);
    double r = std::fmod(v, m);
    if (r < 0)
      r += m;
    if (isSigned && r >= m / 2)
      r -= m;
    return float(r);
  };
  switch (k) {
  case ElementKind::F32:
  case ElementKind::F64: // float32 storage (Tensor.h)
    return float(v);
  case ElementKind::F16:
    return roundToHalf(float(v));
  case ElementKind::BF16:
    return roundToBFloat16(float(v));
  case ElementKind::Bool:
    return v != 0;
  case ElementKind::I8:
    return wrap(8, true);
  case ElementKind::U8:
    return wrap(8, false);
  case ElementKind::I16:
    return wrap(16, true);
  case ElementKind::U16:
    return wrap(16, false);
  case ElementKind::I32:
    return wrap(32, true);
  case ElementKind::U32:
    return wrap(32, false);
  case ElementKind::I64:
  case ElementKind::U64:
    return float(v); // beyond float storage's exact range anyway
  }
  return float(v);
}

/// The factory of a unary op on float or integer tensors: `f` computes on
/// doubles; integer results wrap to the result type (neg of int8 -128).
template <typename F> KernelFactory numericUnary(F f) {
  return
      [f](Operation *op, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
        ElementKind kind = elementKindOf(
            cast<ShapedType>(op->getResult(0).getType()).getElementType());
        if (kind == ElementKind::F32)
          return unaryKernel([f](float x) { return float(f(double(x))); },
                             cfg.options.threads);
        return unaryKernel(
            [f, kind](float x) { return toKind(f(double(x)), kind); },
            cfg.options.threads);
      };
}

/// The kernel that forwards operand `operand` unchanged.
inline PreparedKernel alias(int operand) {
  PreparedKernel k;
  k.aliasOperand = operand;
  return k;
}

} // namespace mlir::nndct::kernels

#endif // NNDCT_BACKENDS_INTERPRETER_KERNELSUPPORT_H
