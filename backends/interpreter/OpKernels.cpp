//===- OpKernels.cpp - the interpreter's kernels for every nndct op -------===//
//
// One factory per op (or family). Factories read attributes once; the
// returned closures only compute. Elementwise and data-movement kernels are
// plain loops parallelised over output elements; conv, matmul and pooling use
// oneDNN when enabled and supported, the reference kernels otherwise.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/OpKernels.h"
#include "ir/numerics/FixArithmetic.h"
#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/Kernels.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/ShapeInference.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nndct;

//===----------------------------------------------------------------------===//
// Registry
//===----------------------------------------------------------------------===//

KernelRegistry &KernelRegistry::get() {
  static KernelRegistry *registry = [] {
    auto *r = new KernelRegistry();
    registerBuiltinKernels(*r);
    return r;
  }();
  return *registry;
}

void KernelRegistry::add(StringRef opName, KernelFactory factory,
                         std::optional<ExecutionMode> mode) {
  if (mode)
    perMode[int(*mode)][opName] = std::move(factory);
  else
    common[opName] = std::move(factory);
}

const KernelFactory *KernelRegistry::lookup(StringRef opName,
                                            ExecutionMode mode) const {
  auto it = perMode[int(mode)].find(opName);
  if (it != perMode[int(mode)].end())
    return &it->second;
  // Integer mode is bit-exact only if every op has an integer kernel or is
  // exact data movement; the common kernels are float, so no fallback for
  // ops that compute. Data movement is listed in `exactOps`.
  if (mode == ExecutionMode::Integer) {
    static const char *exactOps[] = {
        "nndct.constant", "nndct.reshape", "nndct.transpose", "nndct.concat",
        "nndct.slice",    "nndct.split",   "nndct.identity",  "nndct.dropout",
        "nndct.quant_stub", "nndct.dequant_stub"};
    if (llvm::none_of(exactOps, [&](const char *n) { return opName == n; }))
      return nullptr;
  }
  auto c = common.find(opName);
  return c == common.end() ? nullptr : &c->second;
}

ElementKind mlir::nndct::elementKindOf(Type type) {
  if (auto i = dyn_cast<IntegerType>(type)) {
    if (i.getWidth() == 8)
      return i.isUnsigned() ? ElementKind::U8 : ElementKind::I8;
    if (i.getWidth() == 64)
      return ElementKind::I64;
    return ElementKind::I32;
  }
  return ElementKind::F32;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {

SmallVector<int64_t> shapeOf(Value v) {
  return SmallVector<int64_t>(cast<ShapedType>(v.getType()).getShape());
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int i = int(shape.size()) - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Strides of `shape` broadcast (right-aligned) to rank `rank` against
/// `outShape`: 0 where the dimension stretches.
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
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
                      ArrayRef<int64_t> sb, int64_t begin, int64_t end, Fn &&fn) {
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
constexpr int64_t kElementwiseGrain = 32768;

/// A broadcast binary op as runs: the output splits into blocks of `inner`
/// consecutive elements in which each operand is either contiguous (advances
/// with the output) or one repeated value (stride 0), e.g. [N,C,H,W] * [N,C,1,1]
/// is N*C blocks of H*W with a repeated rhs.
struct BroadcastRuns {
  SmallVector<int64_t> outerShape, outerA, outerB;
  int64_t inner = 1;
  bool aRepeats = false, bRepeats = false;
};

BroadcastRuns broadcastRuns(ArrayRef<int64_t> out, ArrayRef<int64_t> sa,
                            ArrayRef<int64_t> sb) {
  BroadcastRuns r;
  int d = int(out.size()) - 1;
  std::optional<bool> aRep, bRep;
  for (; d >= 0; --d) {
    if (out[d] == 1)
      continue;
    bool ar = sa[d] == 0, br = sb[d] == 0;
    if ((!ar && sa[d] != r.inner) || (!br && sb[d] != r.inner))
      break;
    if ((aRep && *aRep != ar) || (bRep && *bRep != br))
      break;
    aRep = ar;
    bRep = br;
    r.inner *= out[d];
  }
  r.aRepeats = aRep.value_or(false);
  r.bRepeats = bRep.value_or(false);
  for (int i = 0; i <= d; ++i) {
    r.outerShape.push_back(out[i]);
    r.outerA.push_back(sa[i]);
    r.outerB.push_back(sb[i]);
  }
  return r;
}

/// o[e] = f(a, b) over output elements [begin, end), run by run.
template <typename F>
void binaryRuns(const BroadcastRuns &r, const float *a, const float *b, float *o,
                int64_t begin, int64_t end, const F &f) {
  auto run = [&](int64_t e, int64_t pa, int64_t pb, int64_t len) {
    const float *x = a + pa, *y = b + pb;
    float *z = o + e;
    if (!r.aRepeats && !r.bRepeats) {
      for (int64_t i = 0; i < len; ++i)
        z[i] = f(x[i], y[i]);
    } else if (!r.aRepeats) {
      float v = *y;
      for (int64_t i = 0; i < len; ++i)
        z[i] = f(x[i], v);
    } else if (!r.bRepeats) {
      float v = *x;
      for (int64_t i = 0; i < len; ++i)
        z[i] = f(v, y[i]);
    } else {
      float v = f(*x, *y);
      std::fill_n(z, len, v);
    }
  };
  int64_t inner = r.inner;
  int64_t firstBlock = begin / inner, lastBlock = (end + inner - 1) / inner;
  forEachBroadcast(r.outerShape, r.outerA, r.outerB, firstBlock, lastBlock,
                   [&](int64_t blk, int64_t pa, int64_t pb) {
                     int64_t s = std::max(begin, blk * inner);
                     int64_t t = std::min(end, (blk + 1) * inner);
                     int64_t off = s - blk * inner;
                     run(s, pa + (r.aRepeats ? 0 : off), pb + (r.bRepeats ? 0 : off),
                         t - s);
                   });
}

template <typename F>
KernelFactory binaryFactory(F f) {
  return [f](Operation *op, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
    SmallVector<int64_t> out = shapeOf(op->getResult(0));
    SmallVector<int64_t> sa = broadcastStrides(shapeOf(op->getOperand(0)), out);
    SmallVector<int64_t> sb = broadcastStrides(shapeOf(op->getOperand(1)), out);
    BroadcastRuns runs = broadcastRuns(out, sa, sb);
    int threads = cfg.options.threads;
    PreparedKernel k;
    k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
      const float *a = in[0]->data.data(), *b = in[1]->data.data();
      float *o = res[0].data.data();
      parallelFor(
          res[0].numElements(), threads,
          [&](int64_t begin, int64_t end) { binaryRuns(runs, a, b, o, begin, end, f); },
          kElementwiseGrain);
    };
    return k;
  };
}

template <typename OpTy, typename MakeFn>
KernelFactory unaryFactory(MakeFn make) {
  return [make](Operation *op, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
    auto f = make(cast<OpTy>(op));
    int threads = cfg.options.threads;
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
  };
}

template <typename F>
KernelFactory simpleUnary(F f) {
  return [f](Operation *op, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
    int threads = cfg.options.threads;
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
  };
}

PreparedKernel alias(int operand) {
  PreparedKernel k;
  k.aliasOperand = operand;
  return k;
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

//===----------------------------------------------------------------------===//
// Convolution, matmul, pooling
//===----------------------------------------------------------------------===//

template <typename OpTy>
ConvParams convParams(OpTy op, bool transposed) {
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

template <typename OpTy>
FailureOr<PreparedKernel> prepareConv(Operation *o, const KernelConfig &cfg,
                                      bool transposed) {
  auto op = cast<OpTy>(o);
  ConvParams p = convParams(op, transposed);
  bool hasBias = bool(op.getBias());
  int threads = cfg.options.threads;
  std::shared_ptr<onednn::PreparedKernel> fast;
  if (cfg.options.useOneDNN)
    fast = onednn::prepareConv(p, hasBias, cfg.constantOperands[1] != nullptr);
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *bias = hasBias ? ins[2]->data.data() : nullptr;
    if (fast)
      fast->run(ins[0]->data.data(), ins[1]->data.data(), bias, res[0].data.data());
    else
      reference::conv2d(p, ins[0]->data.data(), ins[1]->data.data(), bias,
                        res[0].data.data(), threads);
  };
  k.conv = fast;
  return k;
}

} // namespace

FailureOr<PreparedKernel> mlir::nndct::prepareFusedConv(Operation *o,
                                                        const KernelConfig &cfg,
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
    if (int64_t(fusion.scale.size()) != p.o || int64_t(fusion.shift.size()) != p.o)
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
    fast->run(ins[0]->data.data(), weight->data(), bias->data(), res[0].data.data());
  };
  k.conv = fast;
  return k;
}

namespace {

FailureOr<PreparedKernel> preparePool(const PoolParams &p, const KernelConfig &cfg) {
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

template <typename OpTy>
PoolParams poolParams(OpTy op) {
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
      fast->run(ins[0]->data.data(), ins[1]->data.data(), bias, res[0].data.data());
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
  bool aFull = SmallVector<int64_t>(*batchShape) == ba ||
               numElements(ba) == p.batch;
  bool bFull = SmallVector<int64_t>(*batchShape) == bb ||
               numElements(bb) == p.batch;
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
      forEachBroadcast(outBatch, sa, sb, 0, p.batch,
                       [&](int64_t e, int64_t pa, int64_t pb) {
                         reference::matmul(one, ins[0]->data.data() + pa * p.m * p.k,
                                           ins[1]->data.data() + pb * p.k * p.n,
                                           nullptr,
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

//===----------------------------------------------------------------------===//
// Normalisation, softmax, reductions
//===----------------------------------------------------------------------===//

FailureOr<PreparedKernel> prepareSoftmax(Operation *o, const KernelConfig &cfg) {
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
    parallelForGrain(outer * inner, threads, grainFor(3 * len), [&](int64_t begin, int64_t end) {
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
          y[base + j * inner] = float(y[base + j * inner] / sum);
      }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareLayerNorm(Operation *o, const KernelConfig &cfg) {
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
    parallelForGrain(outer, threads, grainFor(3 * len), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const float *xr = x + r * len;
        double mean = 0, var = 0;
        for (int64_t j = 0; j < len; ++j)
          mean += xr[j];
        mean /= len;
        for (int64_t j = 0; j < len; ++j)
          var += (xr[j] - mean) * (xr[j] - mean);
        var /= len;
        double inv = 1.0 / std::sqrt(var + eps);
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

FailureOr<PreparedKernel> prepareBatchNorm(Operation *o, const KernelConfig &cfg) {
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
    parallelForGrain(n * c, threads, grainFor(inner), [&](int64_t begin, int64_t end) {
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

enum class Reduction { Sum, Mean, Max };

FailureOr<PreparedKernel> prepareReduce(Operation *o, const KernelConfig &cfg,
                                        Reduction kind, ArrayRef<int64_t> axesRef) {
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
    parallelForGrain(outCount, threads, grainFor(redCount), [&](int64_t begin, int64_t end) {
      forEachBroadcast(keptShape, keptStrides, keptStrides, begin, end,
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

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

FailureOr<PreparedKernel> prepareTranspose(Operation *o, const KernelConfig &cfg) {
  auto op = cast<TransposeOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  SmallVector<int64_t> inStrides = stridesOf(in), permStrides;
  for (int64_t p : op.getPerm())
    permStrides.push_back(inStrides[p]);
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      forEachBroadcast(out, permStrides, permStrides, begin, end,
                       [&](int64_t e, int64_t off, int64_t) { y[e] = x[off]; });
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareSlice(Operation *o, const KernelConfig &cfg) {
  auto op = cast<SliceOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
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
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      forEachBroadcast(out, stepStrides, stepStrides, begin, end,
                       [&](int64_t e, int64_t off, int64_t) { y[e] = x[off]; });
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
        std::copy_n(ins[i]->data.data() + r * chunks[i], chunks[i], y + r * total + off);
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
        std::copy_n(x + r * total + off, chunks[i], res[i].data.data() + r * chunks[i]);
        off += chunks[i];
      }
    }
  };
  return k;
}

FailureOr<PreparedKernel> preparePad(Operation *o, const KernelConfig &cfg) {
  auto op = cast<PadOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  SmallVector<int64_t> begins(op.getPads().begin(), op.getPads().begin() + in.size());
  SmallVector<int64_t> inStrides = stridesOf(in);
  PadMode mode = op.getMode();
  float value = op.getValue().convertToFloat();
  int threads = cfg.options.threads;
  size_t rank = in.size();
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
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
    return resized == 1.0 || outLen == 1 ? 0.0
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
  SmallVector<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
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
      double x = sourceCoordinate(i, inLen, outLen, scales[axis], op.getCoordinateMode());
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
  int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2], ow = out[3];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(planes, threads, grainFor(oh * ow), [&](int64_t begin, int64_t end) {
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
            float top = src[a.i0 * iw + b.i0] * (1 - b.w1) + src[a.i0 * iw + b.i1] * b.w1;
            float bot = src[a.i1 * iw + b.i0] * (1 - b.w1) + src[a.i1 * iw + b.i1] * b.w1;
            dst[r * ow + c] = top * (1 - a.w1) + bot * a.w1;
          }
      }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareAdaptiveAvgPool(Operation *o, const KernelConfig &cfg) {
  auto op = cast<AdaptiveAvgPool2DOp>(o);
  SmallVector<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2], ow = out[3];
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(planes, threads, grainFor(oh * ow), [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p)
        for (int64_t r = 0; r < oh; ++r) {
          int64_t y0 = r * ih / oh, y1 = ((r + 1) * ih + oh - 1) / oh;
          for (int64_t c = 0; c < ow; ++c) {
            int64_t x0 = c * iw / ow, x1 = ((c + 1) * iw + ow - 1) / ow;
            float sum = 0;
            for (int64_t i = y0; i < y1; ++i)
              for (int64_t j = x0; j < x1; ++j)
                sum += x[p * ih * iw + i * iw + j];
            y[p * oh * ow + r * ow + c] = sum / float((y1 - y0) * (x1 - x0));
          }
        }
    });
  };
  return k;
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

FailureOr<PreparedKernel> prepareFix(Operation *o, const KernelConfig &cfg) {
  auto op = cast<FixOp>(o);
  if (cfg.options.mode == ExecutionMode::Float || !op.getFixPoint())
    return alias(0);
  int64_t fp = *op.getFixPoint();
  Rounding mode = op.getRounding();
  FixRange range = op.getRange();
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      fixArray(x + begin, y + begin, end - begin, fp, mode, range);
    });
  };
  return k;
}

/// Per-element index into a per-axis (1-D) or per-tensor (0-D/size-1)
/// quantization parameter.
struct AxisIndexer {
  int64_t inner = 1, len = 1;
  bool perAxis = false;
  int64_t operator()(int64_t e) const { return perAxis ? (e / inner) % len : 0; }
};

AxisIndexer axisIndexer(Operation *op, Value input, Value scale, int64_t axis) {
  SmallVector<int64_t> shape = shapeOf(input);
  AxisIndexer ix;
  if (numElements(shapeOf(scale)) <= 1)
    return ix;
  if (axis < 0)
    axis += shape.size();
  ix.perAxis = true;
  ix.len = shape[axis];
  for (size_t i = axis + 1; i < shape.size(); ++i)
    ix.inner *= shape[i];
  return ix;
}

FailureOr<PreparedKernel> prepareQuantizeLinear(Operation *o, const KernelConfig &cfg) {
  auto op = cast<QuantizeLinearOp>(o);
  AxisIndexer ix = axisIndexer(op, op.getInput(), op.getScale(), op.getAxis());
  auto type = cast<IntegerType>(cast<ShapedType>(op.getType()).getElementType());
  unsigned bits = type.getWidth();
  double qmin = type.isUnsigned() ? 0.0 : -std::ldexp(1.0, bits - 1);
  double qmax = type.isUnsigned() ? std::ldexp(1.0, bits) - 1 : std::ldexp(1.0, bits - 1) - 1;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *s = ins[1]->data.data(),
                *z = ins[2]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      for (int64_t e = begin; e < end; ++e) {
        int64_t a = ix(e);
        double q = roundWithMode(double(x[e] / s[a]), Rounding::HalfEven) + z[a];
        y[e] = float(std::clamp(q, qmin, qmax));
      }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareDequantizeLinear(Operation *o, const KernelConfig &cfg) {
  auto op = cast<DequantizeLinearOp>(o);
  AxisIndexer ix = axisIndexer(op, op.getInput(), op.getScale(), op.getAxis());
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data(), *s = ins[1]->data.data(),
                *z = ins[2]->data.data();
    float *y = res[0].data.data();
    parallelForGrain(res[0].numElements(), threads, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      for (int64_t e = begin; e < end; ++e) {
        int64_t a = ix(e);
        y[e] = (x[e] - z[a]) * s[a];
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

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void mlir::nndct::registerBuiltinKernels(KernelRegistry &r) {
  auto aliasFactory = [](Operation *, const KernelConfig &) -> FailureOr<PreparedKernel> {
    return alias(0);
  };
  r.add(IdentityOp::getOperationName(), aliasFactory);
  r.add(DropoutOp::getOperationName(), aliasFactory);
  r.add(QuantStubOp::getOperationName(), aliasFactory);
  r.add(DequantStubOp::getOperationName(), aliasFactory);
  r.add(ReshapeOp::getOperationName(), prepareCopy);
  r.add(FixOp::getOperationName(), prepareFix);
  r.add(QuantizeLinearOp::getOperationName(), prepareQuantizeLinear);
  r.add(DequantizeLinearOp::getOperationName(), prepareDequantizeLinear);

  r.add(Conv2DOp::getOperationName(), [](Operation *op, const KernelConfig &c) {
    return prepareConv<Conv2DOp>(op, c, false);
  });
  r.add(ConvTranspose2DOp::getOperationName(), [](Operation *op, const KernelConfig &c) {
    return prepareConv<ConvTranspose2DOp>(op, c, true);
  });
  r.add(LinearOp::getOperationName(), prepareLinear);
  r.add(MatMulOp::getOperationName(), prepareMatMul);
  r.add(MaxPool2DOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    auto op = cast<MaxPool2DOp>(o);
    PoolParams p = poolParams(op);
    p.dilationH = op.getDilations()[0];
    p.dilationW = op.getDilations()[1];
    p.isMax = true;
    return preparePool(p, c);
  });
  r.add(AvgPool2DOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    auto op = cast<AvgPool2DOp>(o);
    PoolParams p = poolParams(op);
    p.isMax = false;
    p.countIncludePad = op.getCountIncludePad();
    return preparePool(p, c);
  });
  r.add(AdaptiveAvgPool2DOp::getOperationName(), prepareAdaptiveAvgPool);

  r.add(AddOp::getOperationName(), binaryFactory([](float a, float b) { return a + b; }));
  r.add(SubOp::getOperationName(), binaryFactory([](float a, float b) { return a - b; }));
  r.add(MulOp::getOperationName(), binaryFactory([](float a, float b) { return a * b; }));
  r.add(DivOp::getOperationName(), binaryFactory([](float a, float b) { return a / b; }));
  r.add(PReluOp::getOperationName(),
        binaryFactory([](float x, float s) { return x >= 0 ? x : s * x; }));

  r.add(ReluOp::getOperationName(), simpleUnary([](float x) { return x > 0 ? x : (x != x ? x : 0.0f); }));
  r.add(Relu6Op::getOperationName(),
        simpleUnary([](float x) { return clampKeepNaN(x, 0.0f, 6.0f); }));
  r.add(SigmoidOp::getOperationName(), simpleUnary(sigmoid));
  r.add(TanhOp::getOperationName(), simpleUnary([](float x) { return std::tanh(x); }));
  r.add(HardSwishOp::getOperationName(), simpleUnary([](float x) {
          return x * clampKeepNaN(x + 3.0f, 0.0f, 6.0f) / 6.0f;
        }));
  r.add(SiluOp::getOperationName(), simpleUnary([](float x) { return x * sigmoid(x); }));
  r.add(LeakyReluOp::getOperationName(), unaryFactory<LeakyReluOp>([](LeakyReluOp op) {
          float a = op.getAlpha().convertToFloat();
          return [a](float x) { return x >= 0 ? x : a * x; };
        }));
  r.add(ClampOp::getOperationName(), unaryFactory<ClampOp>([](ClampOp op) {
          float lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
          return [lo, hi](float x) { return clampKeepNaN(x, lo, hi); };
        }));
  r.add(HardSigmoidOp::getOperationName(), unaryFactory<HardSigmoidOp>([](HardSigmoidOp op) {
          float a = op.getAlpha().convertToFloat(), b = op.getBeta().convertToFloat();
          return [a, b](float x) { return clampKeepNaN(a * x + b, 0.0f, 1.0f); };
        }));
  r.add(GeluOp::getOperationName(), unaryFactory<GeluOp>([](GeluOp op) {
          bool useTanh = op.getApproximation() == GeluApproximation::tanh;
          return [useTanh](float x) -> float {
            double v = x;
            if (useTanh)
              return float(0.5 * v *
                           (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v))));
            return float(0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))));
          };
        }));
  r.add(SoftmaxOp::getOperationName(), prepareSoftmax);
  r.add(LayerNormOp::getOperationName(), prepareLayerNorm);
  r.add(BatchNormOp::getOperationName(), prepareBatchNorm);
  r.add(ReduceMeanOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    return prepareReduce(o, c, Reduction::Mean, cast<ReduceMeanOp>(o).getAxes());
  });
  r.add(ReduceSumOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    return prepareReduce(o, c, Reduction::Sum, cast<ReduceSumOp>(o).getAxes());
  });
  r.add(ReduceMaxOp::getOperationName(), [](Operation *o, const KernelConfig &c) {
    return prepareReduce(o, c, Reduction::Max, cast<ReduceMaxOp>(o).getAxes());
  });
  r.add(ConcatOp::getOperationName(), prepareConcat);
  r.add(SplitOp::getOperationName(), prepareSplit);
  r.add(TransposeOp::getOperationName(), prepareTranspose);
  r.add(SliceOp::getOperationName(), prepareSlice);
  r.add(PadOp::getOperationName(), preparePad);
  r.add(ResizeOp::getOperationName(), prepareResize);

  // Mode-specific entries (IntegerKernels.cpp, NpuEmulationKernels.cpp).
  registerIntegerKernels(r);
  registerNpuEmulationKernels(r);
}
