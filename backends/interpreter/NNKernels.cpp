//===- NNKernels.cpp - convolution, matmul and pooling kernels ------------===//
//
// conv2d, conv_transpose2d, linear, matmul, max/avg pooling and adaptive
// average pooling. The heavy ones use oneDNN when enabled and supported
// (prepared once per op), the reference kernels otherwise; prepareFusedConv
// is the Float-mode conv with a batch_norm and an activation folded in.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/ShapeInference.h"

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

template <typename OpTy> ConvParams convParams(OpTy op, bool transposed) {
  auto in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
       out = shapeOf(op.getOutput());
  ConvParams p;
  p.n = in[0];
  p.c = in[1];
  p.h = in[2];
  p.w = in[3];
  p.o = out[1];
  p.kh = w[2];
  p.kw = w[3];
  p.oh = out[2];
  p.ow = out[3];
  p.strideH = op.getStrides()[0];
  p.strideW = op.getStrides()[1];
  p.padTop = op.getPads()[0];
  p.padLeft = op.getPads()[1];
  p.padBottom = op.getPads()[2];
  p.padRight = op.getPads()[3];
  p.dilationH = op.getDilations()[0];
  p.dilationW = op.getDilations()[1];
  p.groups = op.getGroups();
  p.transposed = transposed;
  return p;
}

/// conv3d / conv_transpose3d: the depth fields too.
template <typename OpTy> ConvParams convParams3D(OpTy op, bool transposed) {
  auto in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
       out = shapeOf(op.getOutput());
  ArrayRef<int64_t> s = op.getStrides(), pads = op.getPads(),
                    d = op.getDilations();
  ConvParams p;
  p.volumetric = true;
  p.n = in[0];
  p.c = in[1];
  p.d = in[2];
  p.h = in[3];
  p.w = in[4];
  p.o = out[1];
  p.kd = w[2];
  p.kh = w[3];
  p.kw = w[4];
  p.od = out[2];
  p.oh = out[3];
  p.ow = out[4];
  p.strideD = s[0];
  p.strideH = s[1];
  p.strideW = s[2];
  p.padFront = pads[0];
  p.padTop = pads[1];
  p.padLeft = pads[2];
  p.padBack = pads[3];
  p.padBottom = pads[4];
  p.padRight = pads[5];
  p.dilationD = d[0];
  p.dilationH = d[1];
  p.dilationW = d[2];
  p.groups = op.getGroups();
  p.transposed = transposed;
  return p;
}

} // namespace

ConvParams mlir::nndct::convParamsOf(Conv2DOp op) {
  return convParams(op, false);
}

namespace {

ConvParams convParamsOf(ConvTranspose2DOp op) { return convParams(op, true); }
ConvParams convParamsOf(Conv3DOp op) { return convParams3D(op, false); }
ConvParams convParamsOf(ConvTranspose3DOp op) { return convParams3D(op, true); }

template <typename OpTy>
FailureOr<PreparedKernel> prepareConv(Operation *o, const KernelConfig &cfg) {
  auto op = cast<OpTy>(o);
  ConvParams p = convParamsOf(op);
  bool hasBias = bool(op.getBias());
  int threads = cfg.options.threads;
  std::shared_ptr<onednn::PreparedKernel> fast;
  if (cfg.options.useOneDNN)
    fast = onednn::prepareConv(p, hasBias, cfg.constantOperands[1] != nullptr);
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *bias = hasBias ? ins[2]->data.data() : nullptr;
    if (fast)
      fast->run(ins[0]->data.data(), ins[1]->data.data(), bias,
                res[0].data.data());
    else
      reference::conv2d(p, ins[0]->data.data(), ins[1]->data.data(), bias,
                        res[0].data.data(), threads);
  };
  k.conv = fast;
  return k;
}

} // namespace

FailureOr<PreparedKernel>
mlir::nndct::prepareFusedConv(Operation *o, const KernelConfig &cfg,
                              const ConvFusion &fusion) {
  auto op = dyn_cast<Conv2DOp>(o);
  if (!op || !cfg.options.useOneDNN || cfg.constantOperands.size() < 2 ||
      !cfg.constantOperands[1] || (op.getBias() && !cfg.constantOperands[2]))
    return failure();
  ConvParams p = convParams(op, false);
  const Tensor &w = *cfg.constantOperands[1];
  auto weight = std::make_shared<std::vector<float>>(w.data);
  auto bias = std::make_shared<std::vector<float>>(p.o, 0.0f);
  if (op.getBias())
    *bias = cfg.constantOperands[2]->data;
  if (!fusion.scale.empty()) {
    if (int64_t(fusion.scale.size()) != p.o ||
        int64_t(fusion.shift.size()) != p.o)
      return failure();
    int64_t perChannel = int64_t(weight->size()) / p.o;
    for (int64_t o = 0; o < p.o; ++o) {
      for (int64_t i = 0; i < perChannel; ++i)
        (*weight)[o * perChannel + i] *= fusion.scale[o];
      (*bias)[o] = (*bias)[o] * fusion.scale[o] + fusion.shift[o];
    }
  }
  std::shared_ptr<onednn::PreparedKernel> fast =
      onednn::prepareConv(p, true, true, fusion.post);
  if (!fast)
    return failure();
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    fast->run(ins[0]->data.data(), weight->data(), bias->data(),
              res[0].data.data());
  };
  k.conv = fast;
  return k;
}

namespace {

FailureOr<PreparedKernel> preparePool(const PoolParams &p,
                                      const KernelConfig &cfg) {
  int threads = cfg.options.threads;
  std::shared_ptr<onednn::PreparedKernel> fast;
  if (cfg.options.useOneDNN)
    fast = onednn::preparePool(p);
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    if (fast)
      fast->run(ins[0]->data.data(), nullptr, nullptr, res[0].data.data());
    else
      reference::pool2d(p, ins[0]->data.data(), res[0].data.data(), threads);
  };
  return k;
}

/// max_pool3d / avg_pool3d (dilations are set by the caller).
template <typename OpTy> PoolParams poolParams3D(OpTy op) {
  auto in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  ArrayRef<int64_t> k = op.getKernelSize(), s = op.getStrides(),
                    pads = op.getPads();
  PoolParams p;
  p.volumetric = true;
  p.n = in[0];
  p.c = in[1];
  p.d = in[2];
  p.h = in[3];
  p.w = in[4];
  p.od = out[2];
  p.oh = out[3];
  p.ow = out[4];
  p.kd = k[0];
  p.kh = k[1];
  p.kw = k[2];
  p.strideD = s[0];
  p.strideH = s[1];
  p.strideW = s[2];
  p.padFront = pads[0];
  p.padTop = pads[1];
  p.padLeft = pads[2];
  p.padBack = pads[3];
  p.padBottom = pads[4];
  p.padRight = pads[5];
  return p;
}

template <typename OpTy> PoolParams poolParams(OpTy op) {
  auto in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  PoolParams p;
  p.n = in[0];
  p.c = in[1];
  p.h = in[2];
  p.w = in[3];
  p.oh = out[2];
  p.ow = out[3];
  p.kh = op.getKernelSize()[0];
  p.kw = op.getKernelSize()[1];
  p.strideH = op.getStrides()[0];
  p.strideW = op.getStrides()[1];
  p.padTop = op.getPads()[0];
  p.padLeft = op.getPads()[1];
  p.padBottom = op.getPads()[2];
  p.padRight = op.getPads()[3];
  return p;
}

/// The window of a 2-D or 3-D pooling op (by its kernel rank).
template <typename OpTy> PoolParams poolParamsOf(OpTy op) {
  return op.getKernelSize().size() == 3 ? poolParams3D(op) : poolParams(op);
}

/// max_pool2d / max_pool3d: dilations fill the (D,) H, W slots.
template <typename OpTy>
FailureOr<PreparedKernel> prepareMaxPool(Operation *o,
                                         const KernelConfig &cfg) {
  auto op = cast<OpTy>(o);
  PoolParams p = poolParamsOf(op);
  ArrayRef<int64_t> d = op.getDilations();
  if (d.size() == 3)
    p.dilationD = d[0];
  p.dilationH = d[d.size() - 2];
  p.dilationW = d[d.size() - 1];
  p.isMax = true;
  return preparePool(p, cfg);
}

/// avg_pool2d / avg_pool3d.
template <typename OpTy>
FailureOr<PreparedKernel> prepareAvgPool(Operation *o,
                                         const KernelConfig &cfg) {
  auto op = cast<OpTy>(o);
  PoolParams p = poolParamsOf(op);
  p.isMax = false;
  p.countIncludePad = op.getCountIncludePad();
  return preparePool(p, cfg);
}

FailureOr<PreparedKernel> prepareMatMulLike(const MatMulParams &p, bool hasBias,
                                            const KernelConfig &cfg) {
  int threads = cfg.options.threads;
  std::shared_ptr<onednn::PreparedKernel> fast;
  if (cfg.options.useOneDNN)
    fast = onednn::prepareMatMul(p, hasBias);
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *bias = hasBias ? ins[2]->data.data() : nullptr;
    if (fast)
      fast->run(ins[0]->data.data(), ins[1]->data.data(), bias,
                res[0].data.data());
    else
      reference::matmul(p, ins[0]->data.data(), ins[1]->data.data(), bias,
                        res[0].data.data(), threads);
  };
  return k;
}

FailureOr<PreparedKernel> prepareMatMul(Operation *o, const KernelConfig &cfg) {
  auto op = cast<MatMulOp>(o);
  SmallVector<int64_t> a = shapeOf(op.getLhs()), b = shapeOf(op.getRhs());
  if (a.size() == 1)
    a.insert(a.begin(), 1);
  if (b.size() == 1)
    b.push_back(1);
  SmallVector<int64_t> ba(a.begin(), a.end() - 2), bb(b.begin(), b.end() - 2);
  auto batchShape = broadcastShapes(ba, bb);
  if (!batchShape)
    return op.emitOpError("batch dimensions do not broadcast");
  MatMulParams p;
  p.m = a[a.size() - 2];
  p.k = a.back();
  p.n = b.back();
  p.batch = numElements(*batchShape);
  bool aFull =
      SmallVector<int64_t>(*batchShape) == ba || numElements(ba) == p.batch;
  bool bFull =
      SmallVector<int64_t>(*batchShape) == bb || numElements(bb) == p.batch;
  int64_t na = numElements(ba), nb = numElements(bb);
  if ((na != 1 && na != p.batch) || (nb != 1 && nb != p.batch) ||
      (na == p.batch && !aFull) || (nb == p.batch && !bFull)) {
    // Partial broadcast (e.g. [2,1] x [1,3]): expand into a batch loop.
    SmallVector<int64_t> outBatch(*batchShape);
    SmallVector<int64_t> sa = broadcastStrides(ba, outBatch),
                         sb = broadcastStrides(bb, outBatch);
    MatMulParams one = p;
    one.batch = 1;
    int threads = cfg.options.threads;
    PreparedKernel k;
    k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
      forEachBroadcast(
          outBatch, sa, sb, 0, p.batch, [&](int64_t e, int64_t pa, int64_t pb) {
            reference::matmul(one, ins[0]->data.data() + pa * p.m * p.k,
                              ins[1]->data.data() + pb * p.k * p.n, nullptr,
                              res[0].data.data() + e * p.m * p.n, threads);
          });
    };
    return k;
  }
  p.strideA = na == 1 ? 0 : p.m * p.k;
  p.strideB = nb == 1 ? 0 : p.k * p.n;
  if (p.strideA == 0 && p.batch > 1) {
    // A shared lhs: still fine for both kernels.
  }
  return prepareMatMulLike(p, false, cfg);
}

FailureOr<PreparedKernel> prepareLinear(Operation *o, const KernelConfig &cfg) {
  auto op = cast<LinearOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight());
  MatMulParams p;
  p.k = in.back();
  p.m = numElements(in) / p.k;
  p.n = w[0];
  p.transB = true;
  return prepareMatMulLike(p, bool(op.getBias()), cfg);
}

FailureOr<PreparedKernel> prepareAdaptiveAvgPool(Operation *o,
                                                 const KernelConfig &cfg) {
  auto op = cast<AdaptiveAvgPool2DOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()),
                       out = shapeOf(op.getOutput());
  int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2],
          ow = out[3];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(
        planes, threads, grainFor(oh * ow), [&](int64_t begin, int64_t end) {
          for (int64_t p = begin; p < end; ++p)
            for (int64_t r = 0; r < oh; ++r) {
              int64_t y0 = r * ih / oh, y1 = ((r + 1) * ih + oh - 1) / oh;
              for (int64_t c = 0; c < ow; ++c) {
                int64_t x0 = c * iw / ow, x1 = ((c + 1) * iw + ow - 1) / ow;
                float sum = 0;
                for (int64_t i = y0; i < y1; ++i)
                  for (int64_t j = x0; j < x1; ++j)
                    sum += x[p * ih * iw + i * iw + j];
                y[p * oh * ow + r * ow + c] =
                    sum / float((y1 - y0) * (x1 - x0));
              }
            }
        });
  };
  return k;
}

} // namespace

void mlir::nndct::registerNNKernels(KernelRegistry &r) {
  r.add(Conv2DOp::getOperationName(), prepareConv<Conv2DOp>);
  r.add(ConvTranspose2DOp::getOperationName(), prepareConv<ConvTranspose2DOp>);
  r.add(LinearOp::getOperationName(), prepareLinear);
  r.add(MatMulOp::getOperationName(), prepareMatMul);
  r.add(MaxPool2DOp::getOperationName(), prepareMaxPool<MaxPool2DOp>);
  r.add(AvgPool2DOp::getOperationName(), prepareAvgPool<AvgPool2DOp>);
  r.add(AdaptiveAvgPool2DOp::getOperationName(), prepareAdaptiveAvgPool);
  // 3-D convolution and pooling: the same kernels with a depth dimension.
  r.add(Conv3DOp::getOperationName(), prepareConv<Conv3DOp>);
  r.add(ConvTranspose3DOp::getOperationName(), prepareConv<ConvTranspose3DOp>);
  r.add(MaxPool3DOp::getOperationName(), prepareMaxPool<MaxPool3DOp>);
  r.add(AvgPool3DOp::getOperationName(), prepareAvgPool<AvgPool3DOp>);
}
