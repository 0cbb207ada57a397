//===- ClassicKernels.cpp - pooling indices, unpooling, LRN, masks --------===//
//
// The classic CNN layers and masks of NNDCTOps.td's last section:
// max_pool2d_with_indices, max_unpool2d, lrn, trilu and one_hot. Each output
// element is computed by one thread in a fixed order (max_unpool2d scatters
// sequentially, so a repeated index keeps the last value), so results do
// not depend on the thread count.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

int64_t product(ArrayRef<int64_t> s) {
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  return n;
}

/// Max pooling keeping the first maximum of each window and its flattened
/// input index (ONNX MaxPool's Indices; storage_order 1 is column-major).
FailureOr<PreparedKernel> prepareMaxPoolWithIndices(Operation *o,
                                                    const KernelConfig &cfg) {
  auto op = cast<MaxPool2DWithIndicesOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  int64_t h = in[2], w = in[3], oh = out[2], ow = out[3];
  int64_t kh = op.getKernelSize()[0], kw = op.getKernelSize()[1];
  int64_t sh = op.getStrides()[0], sw = op.getStrides()[1];
  int64_t dh = op.getDilations()[0], dw = op.getDilations()[1];
  int64_t pt = op.getPads()[0], pl = op.getPads()[1];
  bool columnMajor = op.getStorageOrder() == 1;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data(), *idx = res[1].data.data();
    parallelFor(out[0] * out[1], threads, [&](int64_t begin, int64_t end) {
      for (int64_t plane = begin; plane < end; ++plane) {
        const float *src = x + plane * h * w;
        for (int64_t oy = 0; oy < oh; ++oy)
          for (int64_t ox = 0; ox < ow; ++ox) {
            float best = -std::numeric_limits<float>::infinity();
            int64_t by = -1, bx = -1;
            for (int64_t ky = 0; ky < kh; ++ky) {
              int64_t iy = oy * sh - pt + ky * dh;
              if (iy < 0 || iy >= h)
                continue;
              for (int64_t kx = 0; kx < kw; ++kx) {
                int64_t ix = ox * sw - pl + kx * dw;
                if (ix < 0 || ix >= w)
                  continue;
                float v = src[iy * w + ix];
                if (by < 0 || v > best) {
                  best = v;
                  by = iy;
                  bx = ix;
                }
              }
            }
            int64_t e = (plane * oh + oy) * ow + ox;
            y[e] = best;
            // A window inside the padding only (ceil_mode) has no argmax.
            idx[e] = by < 0 ? 0.0f
                            : float(plane * h * w +
                                    (columnMajor ? by + bx * h : by * w + bx));
          }
      }
    });
  };
  return k;
}

/// Scatters each input value to its flat index in the result, as ONNX
/// Runtime and PyTorch's max_unpool2d do: the indices are MaxPool's, taken
/// on a tensor of the result's shape (ONNX's reference instead numbers the
/// smaller unpooled tensor when output_shape is larger; see
/// onnx_conformance.py's KNOWN_FAILURES).
FailureOr<PreparedKernel> prepareMaxUnpool(Operation *o, const KernelConfig &) {
  auto op = cast<MaxUnpool2DOp>(o);
  int64_t outTotal = product(shapeOf(op.getOutput()));
  PreparedKernel k;
  k.check = [outTotal](ArrayRef<const Tensor *> in) -> std::string {
    const std::vector<float> &idx = in[1]->data;
    for (size_t i = 0; i < idx.size(); ++i)
      if (idx[i] < 0 || idx[i] >= float(outTotal))
        return "index " + std::to_string(int64_t(idx[i])) + " (element " +
               std::to_string(i) + " of the indices) is outside the " +
               std::to_string(outTotal) + "-element result";
    return "";
  };
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const std::vector<float> &x = ins[0]->data, &idx = ins[1]->data;
    float *y = res[0].data.data();
    std::fill_n(y, outTotal, 0.0f);
    for (size_t i = 0; i < x.size(); ++i)
      y[int64_t(idx[i])] = x[i];
  };
  return k;
}

/// Sums the squares over the channel window in double, then the power.
FailureOr<PreparedKernel> prepareLRN(Operation *o, const KernelConfig &cfg) {
  auto op = cast<LRNOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t n = shape[0], c = shape[1];
  int64_t inner = product(ArrayRef<int64_t>(shape).drop_front(2));
  int64_t size = op.getSize();
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  double alpha = op.getAlpha().convertToFloat(),
         beta = op.getBeta().convertToFloat(),
         bias = op.getBias().convertToFloat();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelFor(n * c, threads, [&](int64_t begin, int64_t end) {
      for (int64_t nc = begin; nc < end; ++nc) {
        int64_t b = nc / c, ch = nc % c;
        int64_t lo = std::max<int64_t>(0, ch - before),
                hi = std::min<int64_t>(c - 1, ch + after);
        for (int64_t i = 0; i < inner; ++i) {
          double sum = 0;
          for (int64_t q = lo; q <= hi; ++q) {
            double v = x[(b * c + q) * inner + i];
            sum += v * v;
          }
          double scale = std::pow(bias + alpha / double(size) * sum, beta);
          y[nc * inner + i] = float(x[nc * inner + i] / scale);
        }
      }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareTrilu(Operation *o, const KernelConfig &cfg) {
  auto op = cast<TriluOp>(o);
  SmallVector<int64_t> shape = shapeOf(op.getInput());
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  int64_t diag = op.getK();
  bool upper = op.getUpper();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t j = e % cols, i = (e / cols) % rows;
                         bool keep = upper ? j - i >= diag : j - i <= diag;
                         y[e] = keep ? x[e] : 0.0f;
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareOneHot(Operation *o, const KernelConfig &cfg) {
  auto op = cast<OneHotOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getIndices());
  int64_t axis = op.getAxis(), depth = op.getDepth();
  int64_t inner = product(ArrayRef<int64_t>(in).drop_front(axis));
  float on = op.getOnValue().convertToFloat(),
        off = op.getOffValue().convertToFloat();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *idx = ins[0]->data.data();
    float *y = res[0].data.data();
    // Output [outer, depth, inner]; element e reads index (outer, inner).
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t i = e % inner, d = (e / inner) % depth,
                                 r = e / (inner * depth);
                         double v = std::trunc(double(idx[r * inner + i]));
                         if (v < 0)
                           v += double(depth);
                         y[e] = v == double(d) ? on : off;
                       }
                     });
  };
  return k;
}

} // namespace

void mlir::nndct::registerClassicKernels(KernelRegistry &r) {
  r.add(MaxPool2DWithIndicesOp::getOperationName(), prepareMaxPoolWithIndices);
  r.add(MaxUnpool2DOp::getOperationName(), prepareMaxUnpool);
  r.add(LRNOp::getOperationName(), prepareLRN);
  r.add(TriluOp::getOperationName(), prepareTrilu);
  r.add(OneHotOp::getOperationName(), prepareOneHot);
}
