//===- DataMovementKernels.cpp - kernels that move data -------------------===//
//
// identity/dropout/stubs (forward their operand), reshape, transpose,
// slice, concat, split, pad and resize: index arithmetic only (resize also
// interpolates), parallelised over output elements.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

FailureOr<PreparedKernel> prepareTranspose(Operation *o,
                                           const KernelConfig &cfg) {
  auto op = cast<TransposeOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> inStrides = stridesOf(in), permStrides;
  for (int64_t p : op.getPerm())
    permStrides.push_back(inStrides[p]);
  return stridedCopyKernel(out, permStrides, cfg.options.threads);
}

FailureOr<PreparedKernel> prepareSlice(Operation *o, const KernelConfig &cfg) {
  auto op = cast<SliceOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> inStrides = stridesOf(in), stepStrides;
  int64_t base = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    base += op.getStarts()[i] * inStrides[i];
    stepStrides.push_back(op.getSteps()[i] * inStrides[i]);
  }
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data() + base;
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       forEachBroadcast(out, stepStrides, stepStrides, begin,
                                        end,
                                        [&](int64_t e, int64_t off, int64_t) {
                                          y[e] = x[off];
                                        });
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareConcat(Operation *o, const KernelConfig &) {
  auto op = cast<ConcatOp>(o);
  SmallVector<int64_t> out = shapeOf(op.getOutput());
  int64_t axis = op.getAxis();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= out[i];
  for (size_t i = axis + 1; i < out.size(); ++i)
    inner *= out[i];
  SmallVector<int64_t> chunks;
  for (Value v : op.getInputs())
    chunks.push_back(shapeOf(v)[axis] * inner);
  int64_t total = out[axis] * inner;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    float *y = res[0].data.data();
    for (int64_t r = 0; r < outer; ++r) {
      int64_t off = 0;
      for (size_t i = 0; i < ins.size(); ++i) {
        std::copy_n(ins[i]->data.data() + r * chunks[i], chunks[i],
                    y + r * total + off);
        off += chunks[i];
      }
    }
  };
  return k;
}

FailureOr<PreparedKernel> prepareSplit(Operation *o, const KernelConfig &) {
  auto op = cast<SplitOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput());
  int64_t axis = op.getAxis();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= in[i];
  for (size_t i = axis + 1; i < in.size(); ++i)
    inner *= in[i];
  SmallVector<int64_t> chunks;
  for (int64_t s : op.getSizes())
    chunks.push_back(s * inner);
  int64_t total = in[axis] * inner;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    for (int64_t r = 0; r < outer; ++r) {
      int64_t off = 0;
      for (size_t i = 0; i < res.size(); ++i) {
        std::copy_n(x + r * total + off, chunks[i],
                    res[i].data.data() + r * chunks[i]);
        off += chunks[i];
      }
    }
  };
  return k;
}

FailureOr<PreparedKernel> preparePad(Operation *o, const KernelConfig &cfg) {
  auto op = cast<PadOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  SmallVector<int64_t> begins(op.getPads().begin(),
                              op.getPads().begin() + in.size());
  SmallVector<int64_t> inStrides = stridesOf(in);
  PadMode mode = op.getMode();
  float value = op.getValue().convertToFloat();
  int threads = cfg.options.threads;
  size_t rank = in.size();
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain,
                     [&](int64_t begin, int64_t end) {
                       SmallVector<int64_t> idx(rank);
                       for (int64_t e = begin; e < end; ++e) {
                         int64_t rem = e, off = 0;
                         bool outside = false;
                         for (int i = int(rank) - 1; i >= 0; --i) {
                           int64_t c = rem % out[i] - begins[i];
                           rem /= out[i];
                           if (c < 0 || c >= in[i]) {
                             if (mode == PadMode::constant) {
                               outside = true;
                               break;
                             }
                             if (mode == PadMode::edge) {
                               c = std::clamp<int64_t>(c, 0, in[i] - 1);
                             } else { // reflect (no edge repeat)
                               int64_t period = 2 * (in[i] - 1);
                               if (period == 0) {
                                 c = 0;
                               } else {
                                 c = ((c % period) + period) % period;
                                 if (c >= in[i])
                                   c = period - c;
                               }
                             }
                           }
                           off += c * inStrides[i];
                         }
                         y[e] = outside ? value : x[off];
                       }
                     });
  };
  return k;
}

/// ONNX Resize: the source coordinate of output index `o`.
double sourceCoordinate(int64_t o, int64_t inLen, int64_t outLen, double scale,
                        CoordinateMode mode) {
  switch (mode) {
  case CoordinateMode::half_pixel:
    return (o + 0.5) / scale - 0.5;
  case CoordinateMode::pytorch_half_pixel:
    return outLen > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  case CoordinateMode::align_corners: {
    // ONNX divides by length_resized - 1 with length_resized = in * scale
    // (unrounded when scales were given), not by the output size.
    double resized = inLen * scale;
    return resized == 1.0 || outLen == 1
               ? 0.0
               : double(o) * (inLen - 1) / (resized - 1.0);
  }
  case CoordinateMode::asymmetric:
    return o / scale;
  }
  return 0.0;
}

int64_t nearestIndex(double x, NearestMode mode, int64_t inLen) {
  double r;
  switch (mode) {
  case NearestMode::floor:
    r = std::floor(x);
    break;
  case NearestMode::ceil:
    r = std::ceil(x);
    break;
  case NearestMode::round_prefer_floor:
    r = (x == std::floor(x) + 0.5) ? std::floor(x) : std::round(x);
    break;
  case NearestMode::round_prefer_ceil:
    r = (x == std::floor(x) + 0.5) ? std::ceil(x) : std::round(x);
    break;
  }
  return std::clamp<int64_t>(int64_t(r), 0, inLen - 1);
}

FailureOr<PreparedKernel> prepareResize(Operation *o, const KernelConfig &cfg) {
  auto op = cast<ResizeOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  double scales[2] = {double(out[2]) / in[2], double(out[3]) / in[3]};
  if (auto s = op.getScales()) {
    scales[0] = (*s)[0];
    scales[1] = (*s)[1];
  }
  // Per axis: two source indices and the weight of the second.
  struct Tap {
    int64_t i0, i1;
    float w1;
  };
  bool nearest = op.getMode() == ResizeMode::nearest;
  auto taps = [&](int axis) {
    int64_t inLen = in[2 + axis], outLen = out[2 + axis];
    std::vector<Tap> t(outLen);
    for (int64_t i = 0; i < outLen; ++i) {
      double x = sourceCoordinate(i, inLen, outLen, scales[axis],
                                  op.getCoordinateMode());
      if (nearest) {
        int64_t n = nearestIndex(x, op.getNearestMode(), inLen);
        t[i] = {n, n, 0.0f};
        continue;
      }
      x = std::clamp(x, 0.0, double(inLen - 1));
      int64_t x0 = int64_t(std::floor(x));
      int64_t x1 = std::min(x0 + 1, inLen - 1);
      t[i] = {x0, x1, float(x - x0)};
    }
    return t;
  };
  std::vector<Tap> ty = taps(0), tx = taps(1);
  int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2],
          ow = out[3];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(planes, threads, grainFor(oh * ow),
                     [&](int64_t begin, int64_t end) {
                       for (int64_t p = begin; p < end; ++p) {
                         const float *src = x + p * ih * iw;
                         float *dst = y + p * oh * ow;
                         for (int64_t r = 0; r < oh; ++r)
                           for (int64_t c = 0; c < ow; ++c) {
                             const Tap &a = ty[r], &b = tx[c];
                             if (nearest) {
                               dst[r * ow + c] = src[a.i0 * iw + b.i0];
                               continue;
                             }
                             float top = src[a.i0 * iw + b.i0] * (1 - b.w1) +
                                         src[a.i0 * iw + b.i1] * b.w1;
                             float bot = src[a.i1 * iw + b.i0] * (1 - b.w1) +
                                         src[a.i1 * iw + b.i1] * b.w1;
                             dst[r * ow + c] = top * (1 - a.w1) + bot * a.w1;
                           }
                       }
                     });
  };
  return k;
}

FailureOr<PreparedKernel> prepareCopy(Operation *, const KernelConfig &) {
  PreparedKernel k;
  k.run = [](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    res[0].data = ins[0]->data;
  };
  return k;
}

} // namespace

void mlir::nndct::registerDataMovementKernels(KernelRegistry &r) {
  auto aliasFactory = [](Operation *,
                         const KernelConfig &) -> FailureOr<PreparedKernel> {
    return alias(0);
  };
  r.add(IdentityOp::getOperationName(), aliasFactory);
  r.add(DropoutOp::getOperationName(), aliasFactory);
  r.add(QuantStubOp::getOperationName(), aliasFactory);
  r.add(DequantStubOp::getOperationName(), aliasFactory);
  r.add(ReshapeOp::getOperationName(), prepareCopy);
  r.add(ConcatOp::getOperationName(), prepareConcat);
  r.add(SplitOp::getOperationName(), prepareSplit);
  r.add(TransposeOp::getOperationName(), prepareTranspose);
  r.add(SliceOp::getOperationName(), prepareSlice);
  r.add(PadOp::getOperationName(), preparePad);
  r.add(ResizeOp::getOperationName(), prepareResize);
}
