//===- NormalizationKernels.cpp - softmax, norms, reductions --------------===//
//
// softmax, layer_norm, batch_norm and reduce_mean/sum/max. Each output row
// or element is reduced sequentially (in double where the sum is long) by
// one thread, so results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/ShapeInference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

FailureOr<PreparedKernel> prepareSoftmax(Operation *o,
                                         const KernelConfig &cfg) {
  auto op = cast<SoftmaxOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += shape.size();
  int64_t outer = 1, len = shape[axis], inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= shape[i];
  for (size_t i = axis + 1; i < shape.size(); ++i)
    inner *= shape[i];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(outer * inner, threads, grainFor(3 * len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t oi = begin; oi < end; ++oi) {
                         int64_t base = (oi / inner) * len * inner + oi % inner;
                         float m = -std::numeric_limits<float>::infinity();
                         for (int64_t j = 0; j < len; ++j)
                           m = std::max(m, x[base + j * inner]);
                         double sum = 0;
                         for (int64_t j = 0; j < len; ++j) {
                           float e = std::exp(x[base + j * inner] - m);
                           y[base + j * inner] = e;
                           sum += e;
                         }
                         for (int64_t j = 0; j < len; ++j)
                           y[base + j * inner] =
                               float(y[base + j * inner] / sum);
                       }
                     });
  };
  return k;
}

/// Mean and 1/sqrt(variance + eps) of one row of `len` floats, reduced in
/// double in index order (layer_norm rows and group_norm groups).
std::pair<double, double> meanInvStd(const float *xr, int64_t len, double eps) {
  double mean = 0, var = 0;
  for (int64_t j = 0; j < len; ++j)
    mean += xr[j];
  mean /= len;
  for (int64_t j = 0; j < len; ++j)
    var += (xr[j] - mean) * (xr[j] - mean);
  var /= len;
  return {mean, 1.0 / std::sqrt(var + eps)};
}

FailureOr<PreparedKernel> prepareLayerNorm(Operation *o,
                                           const KernelConfig &cfg) {
  auto op = cast<LayerNormOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += shape.size();
  int64_t outer = 1, len = 1;
  for (int64_t i = 0; i < int64_t(shape.size()); ++i)
    (i < axis ? outer : len) *= shape[i];
  bool hasScale = bool(op.getScale()), hasBias = bool(op.getBias());
  double eps = op.getEpsilon().convertToDouble();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    const float *g = hasScale ? ins[1]->data.data() : nullptr;
    const float *b = hasBias ? ins[hasScale ? 2 : 1]->data.data() : nullptr;
    float *y = res[0].data.data();
    parallelForGrain(outer, threads, grainFor(3 * len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t r = begin; r < end; ++r) {
                         const float *xr = x + r * len;
                         auto [mean, inv] = meanInvStd(xr, len, eps);
                         for (int64_t j = 0; j < len; ++j) {
                           double v = (xr[j] - mean) * inv;
                           if (g)
                             v *= g[j];
                           if (b)
                             v += b[j];
                           y[r * len + j] = float(v);
                         }
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareBatchNorm(Operation *o,
                                           const KernelConfig &cfg) {
  auto op = cast<BatchNormOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t n = shape[0], c = shape.size() > 1 ? shape[1] : 1;
  int64_t inner = numElements(shape) / std::max<int64_t>(n * c, 1);
  float eps = op.getEpsilon().convertToFloat();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *g = ins[1]->data.data(),
                *b = ins[2]->data.data(), *m = ins[3]->data.data(),
                *v = ins[4]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(
        n * c, threads, grainFor(inner), [&](int64_t begin, int64_t end) {
          for (int64_t nc = begin; nc < end; ++nc) {
            int64_t ch = nc % c;
            float s = g[ch] / std::sqrt(v[ch] + eps);
            for (int64_t i = 0; i < inner; ++i)
              y[nc * inner + i] = (x[nc * inner + i] - m[ch]) * s + b[ch];
          }
        });
  };
  return k;
}

/// group_norm: each (sample, group) is one contiguous run of
/// C/groups * spatial elements, reduced in double by one thread like
/// layer_norm's rows; the affine part is per channel.
FailureOr<PreparedKernel> prepareGroupNorm(Operation *o,
                                           const KernelConfig &cfg) {
  auto op = cast<GroupNormOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t n = shape[0], c = shape[1], groups = op.getNumGroups();
  int64_t spatial = numElements(shape) / std::max<int64_t>(n * c, 1);
  int64_t perGroup = c / groups, len = perGroup * spatial;
  bool hasScale = bool(op.getScale()), hasBias = bool(op.getBias());
  double eps = op.getEpsilon().convertToDouble();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    const float *g = hasScale ? ins[1]->data.data() : nullptr;
    const float *b = hasBias ? ins[hasScale ? 2 : 1]->data.data() : nullptr;
    float *y = res[0].data.data();
    parallelForGrain(n * groups, threads, grainFor(3 * len),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t r = begin; r < end; ++r) {
                         const float *xr = x + r * len;
                         auto [mean, inv] = meanInvStd(xr, len, eps);
                         int64_t firstChannel = (r % groups) * perGroup;
                         for (int64_t j = 0; j < len; ++j) {
                           int64_t ch = firstChannel + j / spatial;
                           double v = (xr[j] - mean) * inv;
                           if (g)
                             v *= g[ch];
                           if (b)
                             v += b[ch];
                           y[r * len + j] = float(v);
                         }
                       }
                     });
  };
  return k;
}

enum class Reduction { Sum, Mean, Max };

FailureOr<PreparedKernel> prepareReduce(Operation *o, const KernelConfig &cfg,
                                        Reduction kind,
                                        ArrayRef<int64_t> axesRef) {
  SmallVector<int64_t> shape = shapeOf(o->getOperand(0));
  size_t rank = shape.size();
  SmallVector<bool> reduced(rank, false);
  for (int64_t a : axesRef)
    reduced[a < 0 ? a + rank : a] = true;
  // Output (keepdims form) and the reduced sub-space.
  SmallVector<int64_t> keptShape, keptStrides, redShape, redStrides;
  SmallVector<int64_t> strides = stridesOf(shape);
  for (size_t i = 0; i < rank; ++i) {
    if (reduced[i]) {
      redShape.push_back(shape[i]);
      redStrides.push_back(strides[i]);
    } else {
      keptShape.push_back(shape[i]);
      keptStrides.push_back(strides[i]);
    }
  }
  int64_t outCount = numElements(keptShape), redCount = numElements(redShape);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    SmallVector<int64_t> zero(redShape.size(), 0);
    parallelForGrain(
        outCount, threads, grainFor(redCount), [&](int64_t begin, int64_t end) {
          forEachBroadcast(
              keptShape, keptStrides, keptStrides, begin, end,
              [&](int64_t e, int64_t base, int64_t) {
                double acc = kind == Reduction::Max
                                 ? -std::numeric_limits<double>::infinity()
                                 : 0.0;
                forEachBroadcast(redShape, redStrides, redStrides, 0, redCount,
                                 [&](int64_t, int64_t off, int64_t) {
                                   float v = x[base + off];
                                   if (kind == Reduction::Max)
                                     acc = (v > acc || v != v) ? v : acc;
                                   else
                                     acc += v;
                                 });
                if (kind == Reduction::Mean)
                  acc /= double(redCount);
                y[e] = float(acc);
              });
        });
  };
  return k;
}

} // namespace

void mlir::nndct::registerNormalizationKernels(KernelRegistry &r) {
  r.add(SoftmaxOp::getOperationName(), prepareSoftmax);
  r.add(LayerNormOp::getOperationName(), prepareLayerNorm);
  r.add(BatchNormOp::getOperationName(), prepareBatchNorm);
  r.add(GroupNormOp::getOperationName(), prepareGroupNorm);
  r.add(ReduceMeanOp::getOperationName(),
        [](Operation *o, const KernelConfig &c) {
          return prepareReduce(o, c, Reduction::Mean,
                               cast<ReduceMeanOp>(o).getAxes());
        });
  r.add(ReduceSumOp::getOperationName(), [](Operation *o,
                                            const KernelConfig &c) {
    return prepareReduce(o, c, Reduction::Sum, cast<ReduceSumOp>(o).getAxes());
  });
  r.add(ReduceMaxOp::getOperationName(), [](Operation *o,
                                            const KernelConfig &c) {
    return prepareReduce(o, c, Reduction::Max, cast<ReduceMaxOp>(o).getAxes());
  });
}
