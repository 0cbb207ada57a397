//===- IndexingKernels.cpp - where, cast, expand, tile, gather, scatter ---===//
//
// Kernels whose results select or place input elements by index: where
// (3-way broadcast), cast (conversion to the result's element kind), expand,
// tile, and the gather/scatter family with runtime indices. Indices are
// checked before the run (PreparedKernel::check): one out of range fails
// the run with a message naming it. Scatters run sequentially in index
// order, so with duplicate indices the last update wins whatever the thread
// count.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"

#include <algorithm>
#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

ElementKind resultKind(Operation *op, unsigned i = 0) {
  return elementKindOf(
      cast<ShapedType>(op->getResult(i).getType()).getElementType());
}

int64_t product(ArrayRef<int64_t> s) {
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  return n;
}

/// Calls fn(outIndex, offsets...) for every output element, with the
/// offsets of `n` broadcast inputs given by their strides.
template <size_t N, typename Fn>
void forEachBroadcastN(ArrayRef<int64_t> outShape,
                       const std::array<SmallVector<int64_t>, N> &strides,
                       int64_t begin, int64_t end, Fn &&fn) {
  size_t rank = outShape.size();
  SmallVector<int64_t> idx(rank, 0);
  std::array<int64_t, N> off{};
  int64_t rem = begin;
  for (int i = int(rank) - 1; i >= 0; --i) {
    idx[i] = rem % outShape[i];
    rem /= outShape[i];
    for (size_t k = 0; k < N; ++k)
      off[k] += idx[i] * strides[k][i];
  }
  for (int64_t e = begin; e < end; ++e) {
    fn(e, off);
    for (int i = int(rank) - 1; i >= 0; --i) {
      ++idx[i];
      for (size_t k = 0; k < N; ++k)
        off[k] += strides[k][i];
      if (idx[i] < outShape[i])
        break;
      for (size_t k = 0; k < N; ++k)
        off[k] -= strides[k][i] * outShape[i];
      idx[i] = 0;
    }
  }
}

FailureOr<PreparedKernel> prepareWhere(Operation *op, const KernelConfig &cfg) {
  SmallVector<int64_t> out = shapeOf(op->getResult(0));
  std::array<SmallVector<int64_t>, 3> strides;
  for (unsigned i = 0; i < 3; ++i)
    strides[i] = broadcastStrides(shapeOf(op->getOperand(i)), out);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *c = in[0]->data.data(), *x = in[1]->data.data(),
                *y = in[2]->data.data();
    float *o = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       forEachBroadcastN<3>(
                           out, strides, begin, end,
                           [&](int64_t e, const std::array<int64_t, 3> &p) {
                             o[e] = c[p[0]] != 0 ? x[p[1]] : y[p[2]];
                           });
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareCast(Operation *op, const KernelConfig &cfg) {
  ElementKind to = resultKind(op);
  // To a float kind: F16/BF16 round to nearest even (toKind).
  if (isFloatKind(to) || to == ElementKind::Bool)
    return unaryKernel([to](float x) { return toKind(x, to); },
                       cfg.options.threads);
  // To an integer: truncate toward zero, then wrap to the width.
  return unaryKernel(
      [to](float x) { return toKind(std::trunc(double(x)), to); },
      cfg.options.threads);
}

FailureOr<PreparedKernel> prepareExpand(Operation *op,
                                        const KernelConfig &cfg) {
  SmallVector<int64_t> out = shapeOf(op->getResult(0));
  SmallVector<int64_t> s = broadcastStrides(shapeOf(op->getOperand(0)), out);
  return stridedCopyKernel(out, s, cfg.options.threads);
}

FailureOr<PreparedKernel> prepareTile(Operation *op, const KernelConfig &cfg) {
  SmallVector<int64_t> in = shapeOf(op->getOperand(0)),
                       out = shapeOf(op->getResult(0));
  SmallVector<int64_t> inStrides = stridesOf(in);
  return rangeCopyKernel(
      [=](const float *x, float *y, int64_t begin, int64_t end) {
        for (int64_t e = begin; e < end; ++e) {
          int64_t rem = e, off = 0;
          for (int i = int(out.size()) - 1; i >= 0; --i) {
            off += (rem % out[i]) % in[i] * inStrides[i];
            rem /= out[i];
          }
          y[e] = x[off];
        }
      },
      cfg.options.threads);
}

/// `v` as an index into a dimension of size `dim` (negative counts from the
/// end), or -1 when out of range.
int64_t normalizeIndex(float v, int64_t dim) {
  int64_t i = int64_t(v);
  if (i < 0)
    i += dim;
  return i >= 0 && i < dim ? i : -1;
}

/// A check that every value of operand `operand` indexes a dimension of
/// size dims[k % dims.size()].
std::function<std::string(ArrayRef<const Tensor *>)>
checkIndices(unsigned operand, SmallVector<int64_t> dims) {
  return [operand, dims](ArrayRef<const Tensor *> in) -> std::string {
    const std::vector<float> &idx = in[operand]->data;
    for (size_t k = 0; k < idx.size(); ++k) {
      int64_t dim = dims[k % dims.size()];
      if (normalizeIndex(idx[k], dim) < 0)
        return "index " + std::to_string(int64_t(idx[k])) + " (element " +
               std::to_string(k) +
               " of the indices) is out of range for a "
               "dimension of size " +
               std::to_string(dim);
    }
    return "";
  };
}

FailureOr<PreparedKernel> prepareGather(Operation *o, const KernelConfig &cfg) {
  auto op = cast<GatherOp>(o);
  SmallVector<int64_t> data = shapeOf(op.getData());
  int64_t axis = op.getAxis(), dim = data[axis];
  int64_t outer = product(ArrayRef<int64_t>(data).take_front(axis));
  int64_t inner = product(ArrayRef<int64_t>(data).drop_front(axis + 1));
  int64_t n = product(shapeOf(op.getIndices()));
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.check = checkIndices(1, {dim});
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *x = in[0]->data.data(), *idx = in[1]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(
        outer * n, threads, grainFor(inner), [&](int64_t begin, int64_t end) {
          for (int64_t r = begin; r < end; ++r) {
            int64_t oi = r / n, j = r % n;
            int64_t src = (oi * dim + normalizeIndex(idx[j], dim)) * inner;
            std::copy_n(x + src, inner, y + r * inner);
          }
        });
  };
  return k;
}

FailureOr<PreparedKernel> prepareGatherElements(Operation *o,
                                                const KernelConfig &cfg) {
  auto op = cast<GatherElementsOp>(o);
  SmallVector<int64_t> data = shapeOf(op.getData()),
                       out = shapeOf(op.getIndices());
  int64_t axis = op.getAxis(), dim = data[axis];
  SmallVector<int64_t> dataStrides = stridesOf(data);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.check = checkIndices(1, {dim});
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *x = in[0]->data.data(), *idx = in[1]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t rem = e, off = 0;
                         for (int i = int(out.size()) - 1; i >= 0; --i) {
                           int64_t c = rem % out[i];
                           rem /= out[i];
                           if (i == axis)
                             c = normalizeIndex(idx[e], dim);
                           off += c * dataStrides[i];
                         }
                         y[e] = x[off];
                       }
                     });
  };
  return k;
}

/// What gather_nd and scatter_nd share: `indices` [..., K] address the
/// first K dims of `data` (after `batch` batch dims) and select slices of
/// `slice` elements.
struct NDAddressing {
  int64_t batch = 0, k = 0, slice = 1, perBatch = 1, batchStride = 0;
  SmallVector<int64_t> dims, strides; ///< of the K addressed dims
};

NDAddressing ndAddressing(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                          int64_t batchDims) {
  NDAddressing a;
  a.batch = product(data.take_front(batchDims));
  a.k = indices.back();
  a.slice = product(data.drop_front(batchDims + a.k));
  a.perBatch = product(indices.drop_front(batchDims).drop_back());
  a.batchStride = product(data.drop_front(batchDims));
  SmallVector<int64_t> strides = stridesOf(data);
  for (int64_t j = 0; j < a.k; ++j) {
    a.dims.push_back(data[batchDims + j]);
    a.strides.push_back(strides[batchDims + j]);
  }
  return a;
}

/// The data offset of index tuple `t` (of `a.k` values at `idx`).
int64_t ndOffset(const NDAddressing &a, const float *idx) {
  int64_t off = 0;
  for (int64_t j = 0; j < a.k; ++j)
    off += normalizeIndex(idx[j], a.dims[j]) * a.strides[j];
  return off;
}

FailureOr<PreparedKernel> prepareGatherND(Operation *o,
                                          const KernelConfig &cfg) {
  auto op = cast<GatherNDOp>(o);
  NDAddressing a = ndAddressing(shapeOf(op.getData()), shapeOf(op.getIndices()),
                                op.getBatchDims());
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.check = checkIndices(1, a.dims);
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *x = in[0]->data.data(), *idx = in[1]->data.data();
    float *y = res[0].data.data();
    int64_t rows = a.batch * a.perBatch;
    parallelForGrain(
        rows, threads, grainFor(a.slice), [&](int64_t begin, int64_t end) {
          for (int64_t r = begin; r < end; ++r) {
            int64_t b = r / a.perBatch;
            int64_t src = b * a.batchStride + ndOffset(a, idx + r * a.k);
            std::copy_n(x + src, a.slice, y + r * a.slice);
          }
        });
  };
  return k;
}

/// The update `u` applied to `d` under an ONNX reduction.
using Reducer = float (*)(float d, float u);
Reducer reducerFor(StringRef reduction) {
  if (reduction == "add")
    return [](float d, float u) { return d + u; };
  if (reduction == "mul")
    return [](float d, float u) { return d * u; };
  if (reduction == "max")
    return [](float d, float u) { return std::max(d, u); };
  if (reduction == "min")
    return [](float d, float u) { return std::min(d, u); };
  return [](float, float u) { return u; };
}

FailureOr<PreparedKernel> prepareScatterND(Operation *o, const KernelConfig &) {
  auto op = cast<ScatterNDOp>(o);
  NDAddressing a =
      ndAddressing(shapeOf(op.getData()), shapeOf(op.getIndices()), 0);
  Reducer reduce = reducerFor(op.getReduction());
  ElementKind kind = resultKind(o);
  PreparedKernel k;
  k.check = checkIndices(1, a.dims);
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *idx = in[1]->data.data(), *u = in[2]->data.data();
    std::vector<float> &y = res[0].data;
    std::copy(in[0]->data.begin(), in[0]->data.end(), y.begin());
    for (int64_t r = 0; r < a.perBatch; ++r) {
      int64_t dst = ndOffset(a, idx + r * a.k);
      for (int64_t s = 0; s < a.slice; ++s)
        y[dst + s] = toKind(reduce(y[dst + s], u[r * a.slice + s]), kind);
    }
  };
  return k;
}

FailureOr<PreparedKernel> prepareScatterElements(Operation *o,
                                                 const KernelConfig &) {
  auto op = cast<ScatterElementsOp>(o);
  SmallVector<int64_t> data = shapeOf(op.getData()),
                       ishape = shapeOf(op.getIndices());
  int64_t axis = op.getAxis(), dim = data[axis];
  SmallVector<int64_t> dataStrides = stridesOf(data);
  Reducer reduce = reducerFor(op.getReduction());
  ElementKind kind = resultKind(o);
  PreparedKernel k;
  k.check = checkIndices(1, {dim});
  k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
    const float *idx = in[1]->data.data(), *u = in[2]->data.data();
    std::vector<float> &y = res[0].data;
    std::copy(in[0]->data.begin(), in[0]->data.end(), y.begin());
    int64_t n = in[1]->numElements();
    for (int64_t e = 0; e < n; ++e) {
      int64_t rem = e, off = 0;
      for (int i = int(ishape.size()) - 1; i >= 0; --i) {
        int64_t c = rem % ishape[i];
        rem /= ishape[i];
        if (i == axis)
          c = normalizeIndex(idx[e], dim);
        off += c * dataStrides[i];
      }
      y[off] = toKind(reduce(y[off], u[e]), kind);
    }
  };
  return k;
}

} // namespace

void mlir::nndct::registerIndexingKernels(KernelRegistry &r) {
  r.add(WhereOp::getOperationName(), prepareWhere);
  r.add(CastOp::getOperationName(), prepareCast);
  r.add(ExpandOp::getOperationName(), prepareExpand);
  r.add(TileOp::getOperationName(), prepareTile);
  r.add(GatherOp::getOperationName(), prepareGather);
  r.add(GatherElementsOp::getOperationName(), prepareGatherElements);
  r.add(GatherNDOp::getOperationName(), prepareGatherND);
  r.add(ScatterNDOp::getOperationName(), prepareScatterND);
  r.add(ScatterElementsOp::getOperationName(), prepareScatterElements);
}
