//===- ReductionKernels.cpp - reductions, index ops, scans, top-k ---------===//
//
// reduce_min/prod/l1/l2/log_sum/log_sum_exp/sum_square, arg_max/arg_min,
// log_softmax, hardmax, cumsum and top_k (reduce_mean/sum/max and softmax
// are in NormalizationKernels.cpp). Every output element (or lane along the
// axis) is computed sequentially by one thread, sums in double, so results
// do not depend on the thread count. Indices are written as float values of
// the int64 result tensors (exact below 2^24).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/ShapeInference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

enum class Reduction { Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare };

/// Reduces `op`'s input over its `axes` attribute with `kind`.
FailureOr<PreparedKernel> prepareReduce(Operation *o, const KernelConfig &cfg,
                                        Reduction kind) {
  SmallVector<int64_t> shape = shapeOf(o->getOperand(0));
  auto axes = cast<DenseI64ArrayAttr>(o->getAttr("axes")).asArrayRef();
  size_t rank = shape.size();
  SmallVector<bool> reduced(rank, false);
  for (int64_t a : axes)
    reduced[a] = true;
  SmallVector<int64_t> keptShape, keptStrides, redShape, redStrides;
  SmallVector<int64_t> strides = stridesOf(shape);
  for (size_t i = 0; i < rank; ++i) {
    (reduced[i] ? redShape : keptShape).push_back(shape[i]);
    (reduced[i] ? redStrides : keptStrides).push_back(strides[i]);
  }
  int64_t outCount = numElements(keptShape), redCount = numElements(redShape);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    auto each = [&](int64_t base, auto &&fn) {
      forEachBroadcast(
          redShape, redStrides, redStrides, 0, redCount,
          [&](int64_t, int64_t off, int64_t) { fn(double(x[base + off])); });
    };
    parallelForGrain(
        outCount, threads, grainFor(redCount), [&](int64_t begin, int64_t end) {
          forEachBroadcast(
              keptShape, keptStrides, keptStrides, begin, end,
              [&](int64_t e, int64_t base, int64_t) {
                double acc = 0;
                switch (kind) {
                case Reduction::Min:
                  acc = std::numeric_limits<double>::infinity();
                  each(base,
                       [&](double v) { acc = (v < acc || v != v) ? v : acc; });
                  break;
                case Reduction::Prod:
                  acc = 1;
                  each(base, [&](double v) { acc *= v; });
                  break;
                case Reduction::L1:
                  each(base, [&](double v) { acc += std::fabs(v); });
                  break;
                case Reduction::L2:
                  each(base, [&](double v) { acc += v * v; });
                  acc = std::sqrt(acc);
                  break;
                case Reduction::LogSum:
                  each(base, [&](double v) { acc += v; });
                  acc = std::log(acc);
                  break;
                case Reduction::LogSumExp: {
                  // Shifted by the maximum so large inputs do not overflow.
                  double m = -std::numeric_limits<double>::infinity();
                  each(base, [&](double v) { m = std::max(m, v); });
                  if (std::isinf(m)) {
                    acc = m;
                    break;
                  }
                  each(base, [&](double v) { acc += std::exp(v - m); });
                  acc = m + std::log(acc);
                  break;
                }
                case Reduction::SumSquare:
                  each(base, [&](double v) { acc += v * v; });
                  break;
                }
                y[e] = float(acc);
              });
        });
  };
  return k;
}

/// `shape` split around `axis`: outer * len * inner.
struct Lanes {
  int64_t outer = 1, len = 1, inner = 1;
  int64_t base(int64_t lane) const {
    return (lane / inner) * len * inner + lane % inner;
  }
};

Lanes lanesOf(ArrayRef<int64_t> shape, int64_t axis) {
  if (axis < 0)
    axis += shape.size();
  Lanes l;
  for (int64_t i = 0; i < int64_t(shape.size()); ++i)
    (i < axis ? l.outer : i == axis ? l.len : l.inner) *= shape[i];
  return l;
}

/// arg_max / arg_min: the first (or last) index of the extreme value.
FailureOr<PreparedKernel> prepareArg(Operation *o, const KernelConfig &cfg,
                                     bool isMax, int64_t axis,
                                     bool selectLast) {
  Lanes l = lanesOf(shapeOf(o->getOperand(0)), axis);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(l.outer * l.inner, threads, grainFor(l.len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t lane = begin; lane < end; ++lane) {
                         int64_t b = l.base(lane), best = 0;
                         float bv = x[b];
                         for (int64_t j = 1; j < l.len; ++j) {
                           float v = x[b + j * l.inner];
                           bool better = isMax ? v > bv : v < bv;
                           if (better || (selectLast && v == bv)) {
                             bv = v;
                             best = j;
                           }
                         }
                         y[lane] = float(best);
                       }
                     });
  };
  return k;
}

/// log_softmax (x - max - log(sum(exp(x - max)))) or hardmax (1 at the
/// first maximum).
FailureOr<PreparedKernel> prepareSoftmaxLike(Operation *o,
                                             const KernelConfig &cfg, bool hard,
                                             int64_t axis) {
  Lanes l = lanesOf(shapeOf(o->getOperand(0)), axis);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(l.outer * l.inner, threads, grainFor(3 * l.len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t lane = begin; lane < end; ++lane) {
                         int64_t b = l.base(lane), arg = 0;
                         float m = x[b];
                         for (int64_t j = 1; j < l.len; ++j)
                           if (x[b + j * l.inner] > m) {
                             m = x[b + j * l.inner];
                             arg = j;
                           }
                         if (hard) {
                           for (int64_t j = 0; j < l.len; ++j)
                             y[b + j * l.inner] = j == arg ? 1.0f : 0.0f;
                           continue;
                         }
                         double sum = 0;
                         for (int64_t j = 0; j < l.len; ++j)
                           sum += std::exp(double(x[b + j * l.inner]) - m);
                         double lse = m + std::log(sum);
                         for (int64_t j = 0; j < l.len; ++j)
                           y[b + j * l.inner] = float(x[b + j * l.inner] - lse);
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareCumSum(Operation *o, const KernelConfig &cfg) {
  auto op = cast<CumSumOp>(o);
  Lanes l = lanesOf(shapeOf(op.getInput()), op.getAxis());
  bool exclusive = op.getExclusive(), reverse = op.getReverse();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(l.outer * l.inner, threads, grainFor(l.len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t lane = begin; lane < end; ++lane) {
                         int64_t b = l.base(lane);
                         double acc = 0;
                         for (int64_t s = 0; s < l.len; ++s) {
                           int64_t j = reverse ? l.len - 1 - s : s;
                           float v = x[b + j * l.inner];
                           if (!exclusive)
                             acc += v;
                           y[b + j * l.inner] = float(acc);
                           if (exclusive)
                             acc += v;
                         }
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareTopK(Operation *o, const KernelConfig &cfg) {
  auto op = cast<TopKOp>(o);
  Lanes l = lanesOf(shapeOf(op.getInput()), op.getAxis());
  int64_t kk = op.getK();
  bool largest = op.getLargest();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *vals = res[0].data.data(), *idx = res[1].data.data();
    parallelForGrain(l.outer * l.inner, threads, grainFor(4 * l.len),
                     [&](int64_t begin, int64_t end) {
                       std::vector<int64_t> order(l.len);
                       for (int64_t lane = begin; lane < end; ++lane) {
                         int64_t b = l.base(lane);
                         std::iota(order.begin(), order.end(), 0);
                         // Ties keep the lower index first (a strict weak
                         // order).
                         auto before = [&](int64_t i, int64_t j) {
                           float a = x[b + i * l.inner], c = x[b + j * l.inner];
                           if (a != c)
                             return largest ? a > c : a < c;
                           return i < j;
                         };
                         std::partial_sort(order.begin(), order.begin() + kk,
                                           order.end(), before);
                         int64_t ob =
                             (lane / l.inner) * kk * l.inner + lane % l.inner;
                         for (int64_t j = 0; j < kk; ++j) {
                           vals[ob + j * l.inner] = x[b + order[j] * l.inner];
                           idx[ob + j * l.inner] = float(order[j]);
                         }
                       }
                     });
  };
  return k;
}

} // namespace

void mlir::nndct::registerReductionKernels(KernelRegistry &r) {
  auto reduction = [](Reduction kind) -> KernelFactory {
    return [kind](Operation *o, const KernelConfig &c) {
      return prepareReduce(o, c, kind);
    };
  };
  r.add(ReduceMinOp::getOperationName(), reduction(Reduction::Min));
  r.add(ReduceProdOp::getOperationName(), reduction(Reduction::Prod));
  r.add(ReduceL1Op::getOperationName(), reduction(Reduction::L1));
  r.add(ReduceL2Op::getOperationName(), reduction(Reduction::L2));
  r.add(ReduceLogSumOp::getOperationName(), reduction(Reduction::LogSum));
  r.add(ReduceLogSumExpOp::getOperationName(), reduction(Reduction::LogSumExp));
  r.add(ReduceSumSquareOp::getOperationName(), reduction(Reduction::SumSquare));
  r.add(ArgMaxOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    auto op = cast<ArgMaxOp>(o);
    return prepareArg(o, c, true, op.getAxis(), op.getSelectLastIndex());
  });
  r.add(ArgMinOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    auto op = cast<ArgMinOp>(o);
    return prepareArg(o, c, false, op.getAxis(), op.getSelectLastIndex());
  });
  r.add(LogSoftmaxOp::getOperationName(), [](Operation *o,
                                             const KernelConfig &c) {
    return prepareSoftmaxLike(o, c, false, cast<LogSoftmaxOp>(o).getAxis());
  });
  r.add(HardmaxOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    return prepareSoftmaxLike(o, c, true, cast<HardmaxOp>(o).getAxis());
  });
  r.add(CumSumOp::getOperationName(), prepareCumSum);
  r.add(TopKOp::getOperationName(), prepareTopK);
}
