//===- IntegerKernels.cpp - bit-exact integer execution -------------------===//
//
// The Integer-mode kernels (see IntegerKernels.h for the model). The
// representation of every value is decided statically from the IR by
// integerReprOf(); each factory recomputes it for its operands and results,
// so independently prepared kernels always agree.
//
// The heads accumulate exactly in int64:
//   conv/linear: acc = sum q_x * q_w  at fp i + w, bias added after a left
//                shift by (i + w - b); when b > i + w the accumulator is
//                shifted left instead (what the device does for negative
//                shift_bias), so the sum is exact at fp max(i + w, b);
//   add/sub:     inputs aligned to the finer fix point by left shifts;
//   avg pools:   window sum times the NPU multiplier, at fp i + shift;
// then a fused leaky (x < 0: x * k, else x << shift; fp + shift, with the
// k / 2^shift nndct-emulate-npu-numerics recorded on the op) and one
// shift-round-saturate to the output fix. Every device constant is read
// from the IR (getNpuScale, `npu_numerics`); an op without them computes
// its float formula on the dequantized values. The shifts of conv, linear,
// add and sub are the ones nndct-legalize-fix-points recorded on the op
// (#nndct.shifts, what the device executes); only IR without them (no
// target) derives them from the fix points.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/Parallel.h"
#include "ir/AverageWindows.h"
#include "ir/FixGraph.h"
#include "ir/NNDCTOps.h"
#include "ir/Placement.h"
#include "ir/numerics/DeviceArithmetic.h"
#include "ir/numerics/FixArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

//===----------------------------------------------------------------------===//
// Representation analysis
//===----------------------------------------------------------------------===//

namespace {

IntegerRepr reprOfFix(FixOp fix) {
  IntegerRepr r;
  r.isInt = true;
  r.fixPoint = int64_t(*fix.getFixPoint());
  r.bitWidth = fix.getBitWidth();
  r.isSigned = fix.getIsSigned();
  r.rounding = fix.getRounding();
  return r;
}

} // namespace

IntegerRepr mlir::nndct::integerReprOf(Value v) {
  FixOp fix = definingFix(v);
  return fix ? reprOfFix(fix) : IntegerRepr();
}

void mlir::nndct::dequantizeIntegerResults(func::FuncOp func,
                                           MutableArrayRef<Tensor> results) {
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [value, tensor] : llvm::zip(ret.getOperands(), results)) {
    IntegerRepr r = integerReprOf(value);
    if (!r.isInt)
      continue;
    for (float &x : tensor.data)
      x = float(std::ldexp(double(x), -int(r.fixPoint)));
  }
}

//===----------------------------------------------------------------------===//
// Conversions between representations
//===----------------------------------------------------------------------===//

namespace {

SmallVector<int64_t> shapeOf(Value v) {
  return SmallVector<int64_t>(cast<ShapedType>(v.getType()).getShape());
}

/// Converts values held as `from` into `to`, elementwise.
void convert(const float *in, float *out, int64_t n, const IntegerRepr &from,
             const IntegerRepr &to, int threads) {
  if (!to.isInt) {
    if (!from.isInt) {
      std::copy_n(in, n, out);
      return;
    }
    parallelFor(n, threads, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        out[i] = float(std::ldexp(double(in[i]), -int(from.fixPoint)));
    });
    return;
  }
  FixRange range = fixRange(to.bitWidth, to.isSigned);
  // From float: the fix's own quantization. From codes: the exact value
  // q * 2^(to - from) rounded with the target's rule (round-half-up for
  // activations: the device's shift-round-saturate).
  int64_t shift = from.isInt ? to.fixPoint - from.fixPoint : to.fixPoint;
  parallelFor(n, threads, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      out[i] = float(fixQuantize(in[i], shift, to.rounding, range));
  });
}

bool sameRepr(const IntegerRepr &a, const IntegerRepr &b) {
  if (a.isInt != b.isInt)
    return false;
  return !a.isInt || (a.fixPoint == b.fixPoint && a.bitWidth == b.bitWidth &&
                      a.isSigned == b.isSigned);
}

/// Runs `op`'s float (fake-quant mode) kernel with each operand converted to
/// `operandTargets[i]` (nullopt: passed as is) and converts each result
/// from `produced[j]` to its integer representation.
FailureOr<PreparedKernel>
wrapFloatKernel(Operation *op, const KernelConfig &cfg,
                SmallVector<std::optional<IntegerRepr>> operandTargets,
                SmallVector<IntegerRepr> produced) {
  const KernelFactory *factory = KernelRegistry::get().lookup(
      op->getName().getStringRef(), ExecutionMode::FakeQuant);
  if (!factory)
    return op->emitError("interpreter: no kernel for '")
           << op->getName() << "'";
  KernelConfig inner = cfg;
  inner.options.mode = ExecutionMode::FakeQuant;
  FailureOr<PreparedKernel> k = (*factory)(op, inner);
  if (failed(k))
    return failure();
  SmallVector<IntegerRepr> from, finals;
  bool anyOperand = false, anyResult = false;
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    from.push_back(integerReprOf(v));
    if (operandTargets[i] && !sameRepr(from.back(), *operandTargets[i]))
      anyOperand = true;
  }
  for (auto [j, v] : llvm::enumerate(op->getResults())) {
    finals.push_back(integerReprOf(v));
    if (!sameRepr(produced[j], finals.back()))
      anyResult = true;
  }
  if (!anyOperand && !anyResult)
    return k;
  PreparedKernel base = std::move(*k);
  int threads = cfg.options.threads;
  PreparedKernel w;
  w.check = base.check; // index checks see the unconverted operands
  w.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    SmallVector<Tensor> converted(ins.size());
    SmallVector<const Tensor *> args(ins.begin(), ins.end());
    for (size_t i = 0; i < ins.size(); ++i) {
      if (!operandTargets[i] || sameRepr(from[i], *operandTargets[i]))
        continue;
      converted[i].shape = ins[i]->shape;
      converted[i].kind = ins[i]->kind;
      converted[i].data.resize(ins[i]->data.size());
      convert(ins[i]->data.data(), converted[i].data.data(),
              int64_t(ins[i]->data.size()), from[i], *operandTargets[i],
              threads);
      args[i] = &converted[i];
    }
    if (base.aliasOperand >= 0)
      res[0].data = args[base.aliasOperand]->data;
    else
      base.run(args, res);
    for (size_t j = 0; j < res.size(); ++j)
      if (!sameRepr(produced[j], finals[j]))
        convert(res[j].data.data(), res[j].data.data(), res[j].numElements(),
                produced[j], finals[j], threads);
  };
  return w;
}

/// The default Integer-mode kernel: value-preserving ops run on codes;
/// relu6/clamp/pad redo their arithmetic on the dequantized grid and keep
/// the operand's fix point; everything else computes in float on
/// dequantized operands and is requantized where its result reaches a fix.
FailureOr<PreparedKernel> prepareGeneric(Operation *op,
                                         const KernelConfig &cfg) {
  SmallVector<std::optional<IntegerRepr>> targets;
  SmallVector<IntegerRepr> produced;
  if (isValuePreserving(op)) {
    targets.assign(op->getNumOperands(), std::nullopt);
    for (Value v : op->getResults())
      produced.push_back(integerReprOf(v));
    return wrapFloatKernel(op, cfg, targets, produced);
  }
  targets.assign(op->getNumOperands(), IntegerRepr());
  produced.assign(op->getNumResults(), IntegerRepr());
  return wrapFloatKernel(op, cfg, targets, produced);
}

/// Concat: every input is brought to the output's representation (the
/// alignment the device's concat needs), then the codes are copied.
FailureOr<PreparedKernel> prepareConcat(Operation *op,
                                        const KernelConfig &cfg) {
  IntegerRepr out = integerReprOf(op->getResult(0));
  SmallVector<std::optional<IntegerRepr>> targets(op->getNumOperands(), out);
  return wrapFloatKernel(op, cfg, targets, {out});
}

//===----------------------------------------------------------------------===//
// Fix
//===----------------------------------------------------------------------===//

FailureOr<PreparedKernel> prepareFix(Operation *o, const KernelConfig &cfg) {
  auto op = cast<FixOp>(o);
  if (!op.getFixPoint()) {
    PreparedKernel k;
    k.aliasOperand = 0;
    return k;
  }
  // Codes live in float storage: exact up to 24 bits.
  if (op.getBitWidth() > 24)
    return op.emitError(
               "interpreter: integer mode supports fixes of at most 24 "
               "bits, this one has ")
           << op.getBitWidth();
  IntegerRepr from = integerReprOf(op.getInput()), to = reprOfFix(op);
  if (sameRepr(from, to)) {
    // The producer already requantized to this fix (a head's output).
    PreparedKernel k;
    k.aliasOperand = 0;
    return k;
  }
  int threads = cfg.options.threads;
  PreparedKernel k;
  if (const Tensor *c = cfg.constantOperands[0]) {
    // Weights and biases: quantized once.
    auto codes = std::make_shared<std::vector<float>>(c->data.size());
    convert(c->data.data(), codes->data(), int64_t(codes->size()), from, to,
            threads);
    k.run = [codes](ArrayRef<const Tensor *>, MutableArrayRef<Tensor> res) {
      std::copy(codes->begin(), codes->end(), res[0].data.begin());
    };
    return k;
  }
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    convert(ins[0]->data.data(), res[0].data.data(), res[0].numElements(), from,
            to, threads);
  };
  return k;
}

//===----------------------------------------------------------------------===//
// Heads
//===----------------------------------------------------------------------===//

/// What happens to a head's accumulator after the sum: fused leaky, then
/// shift-round-saturate to the output fix.
struct Finish {
  int64_t accFp = 0;
  /// The leaky slope k / 2^shift recorded on the op, if one is applied.
  std::optional<npu::FixedScale> leaky;
  int64_t outFp = 0;
  int64_t qmin = -128, qmax = 127;

  float operator()(int64_t acc) const {
    int64_t fp = accFp;
    if (leaky) {
      acc =
          acc < 0 ? acc * leaky->multiplier : npu::shiftLeft(acc, leaky->shift);
      fp += leaky->shift;
    }
    return float(npu::shiftRoundSaturate(acc, fp - outFp, qmin, qmax));
  }
};

/// The finish of head `op` whose accumulator is at `accFp`, or nullopt when
/// its result is not quantized (the head then runs in float).
std::optional<Finish> finishOf(Operation *op, int64_t accFp) {
  IntegerRepr out = integerReprOf(op->getResult(0));
  if (!out.isInt)
    return std::nullopt;
  Finish f;
  f.accFp = accFp;
  f.outFp = out.fixPoint;
  FixRange range = fixRange(out.bitWidth, out.isSigned);
  f.qmin = range.qmin;
  f.qmax = range.qmax;
  Value result = op->getResult(0);
  if (result.hasOneUse() && isFusedLeaky(*result.getUsers().begin()))
    f.leaky = getNpuScale(*result.getUsers().begin());
  return f;
}

/// Integer fix points of `values`, or nullopt if one is not integer.
std::optional<SmallVector<IntegerRepr>> intReprs(ValueRange values) {
  SmallVector<IntegerRepr> rs;
  for (Value v : values) {
    IntegerRepr r = integerReprOf(v);
    if (!r.isInt)
      return std::nullopt;
    rs.push_back(r);
  }
  return rs;
}

std::vector<int32_t> toInts(const Tensor &t) {
  std::vector<int32_t> v(t.data.size());
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = int32_t(t.data[i]);
  return v;
}

/// The accumulator fix point and the left shifts of the product sum and
/// the bias that align them there.
struct BiasAlign {
  int64_t accFp, productShift, biasShift;
};

/// The alignment of conv/linear `op` with input, weight and bias fix points
/// i, w, b. When legalization recorded the op's shifts (#nndct.shifts,
/// what the device executes), they decide: the bias is shifted left by
/// shift_bias (or, when negative, the products by -shift_bias) and the sum
/// is cut by shift_cut to the output. Without them (no target), the same
/// from the fix points.
BiasAlign alignBias(Operation *op, int64_t i, int64_t w,
                    std::optional<int64_t> b) {
  auto shifts = op->getAttrOfType<ShiftsAttr>(kShiftsAttrName);
  IntegerRepr out = integerReprOf(op->getResult(0));
  if (shifts && shifts.getCut() && out.isInt && (!b || shifts.getBias())) {
    int64_t bias = b ? *shifts.getBias() : 0;
    int64_t product = std::max<int64_t>(0, -bias);
    return {out.fixPoint + *shifts.getCut() + product, product,
            std::max<int64_t>(0, bias)};
  }
  int64_t acc = b ? std::max(i + w, *b) : i + w;
  return {acc, acc - (i + w), b ? acc - *b : 0};
}

/// The integer conv on oneDNN's float convolution, when that is exact: the
/// codes are integers, and with |q_x| <= 2^(bits-1) every partial sum of
/// an output channel is an integer of magnitude at most
/// 2^(bits-1) * sum |q_w| over the channel's weights. Below 2^24 each is a
/// float exactly, whatever order the kernel adds in (direct algorithm, no
/// Winograd). Needs constant weights (the bound is read from them); the
/// caller's int64 loops otherwise.
std::optional<PreparedKernel> prepareExactFloatConv(Conv2DOp op,
                                                    const KernelConfig &cfg,
                                                    const IntegerRepr &input,
                                                    BiasAlign al, Finish f) {
  const Tensor *weight = cfg.constantOperands[1];
  if (!cfg.options.useOneDNN || !weight || !input.isInt || input.bitWidth > 16)
    return std::nullopt;
  ConvParams p = convParamsOf(op);
  int64_t perChannel = int64_t(weight->data.size()) / p.o;
  double worst = 0;
  for (int64_t o = 0; o < p.o; ++o) {
    double sum = 0;
    for (int64_t i = 0; i < perChannel; ++i)
      sum += std::fabs(double(weight->data[o * perChannel + i]));
    worst = std::max(worst, sum);
  }
  if (std::ldexp(worst, int(input.bitWidth - 1)) >= std::ldexp(1.0, 24))
    return std::nullopt;
  std::shared_ptr<onednn::PreparedKernel> conv =
      onednn::prepareConv(p, /*hasBias=*/false, /*constantWeight=*/true);
  if (!conv)
    return std::nullopt;
  bool hasBias = bool(op.getBias());
  int64_t plane = p.oh * p.ow;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    float *y = res[0].data.data();
    conv->run(ins[0]->data.data(), ins[1]->data.data(), nullptr, y);
    const float *bias = hasBias ? ins[2]->data.data() : nullptr;
    parallelFor(p.n * p.o, threads, [&](int64_t begin, int64_t end) {
      for (int64_t pl = begin; pl < end; ++pl) {
        int64_t bterm =
            bias ? npu::shiftLeft(int64_t(bias[pl % p.o]), al.biasShift) : 0;
        float *yp = y + pl * plane;
        for (int64_t e = 0; e < plane; ++e)
          yp[e] = f(npu::shiftLeft(int64_t(yp[e]), al.productShift) + bterm);
      }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareConv(Operation *o, const KernelConfig &cfg) {
  auto op = cast<Conv2DOp>(o);
  auto reprs = intReprs(o->getOperands());
  std::optional<Finish> fin;
  if (reprs) {
    std::optional<int64_t> b;
    if (op.getBias())
      b = (*reprs)[2].fixPoint;
    BiasAlign al = alignBias(o, (*reprs)[0].fixPoint, (*reprs)[1].fixPoint, b);
    fin = finishOf(o, al.accFp);
    if (fin) {
      if (std::optional<PreparedKernel> fast =
              prepareExactFloatConv(op, cfg, (*reprs)[0], al, *fin))
        return *fast;
      SmallVector<int64_t> in = shapeOf(op.getInput()),
                           w = shapeOf(op.getWeight()),
                           out = shapeOf(op.getOutput());
      int64_t n = in[0], c = in[1], h = in[2], wd = in[3], oc = out[1],
              oh = out[2], ow = out[3], kh = w[2], kw = w[3];
      int64_t sh = op.getStrides()[0], sw = op.getStrides()[1];
      int64_t pt = op.getPads()[0], pl = op.getPads()[1];
      int64_t dh = op.getDilations()[0], dw = op.getDilations()[1];
      int64_t groups = op.getGroups(), cg = c / groups, og = oc / groups;
      bool hasBias = bool(op.getBias());
      Finish f = *fin;
      int threads = cfg.options.threads;
      PreparedKernel k;
      k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
        std::vector<int32_t> x = toInts(*ins[0]), wt = toInts(*ins[1]);
        std::vector<int32_t> bias =
            hasBias ? toInts(*ins[2]) : std::vector<int32_t>();
        float *y = res[0].data.data();
        parallelFor(n * oc, threads, [&](int64_t begin, int64_t end) {
          std::vector<int64_t> acc(oh * ow);
          for (int64_t plane = begin; plane < end; ++plane) {
            int64_t b = plane / oc, o = plane % oc, g = o / og;
            std::fill(acc.begin(), acc.end(), 0);
            for (int64_t ci = 0; ci < cg; ++ci) {
              const int32_t *xp = x.data() + (b * c + g * cg + ci) * h * wd;
              for (int64_t i = 0; i < kh; ++i)
                for (int64_t j = 0; j < kw; ++j) {
                  int64_t wv = wt[((o * cg + ci) * kh + i) * kw + j];
                  if (wv == 0)
                    continue;
                  // Output columns whose input column is inside the image.
                  int64_t off = j * dw - pl;
                  int64_t qlo = off >= 0 ? 0 : (-off + sw - 1) / sw;
                  int64_t qhi =
                      std::min(ow, wd - off > 0 ? (wd - 1 - off) / sw + 1 : 0);
                  for (int64_t r = 0; r < oh; ++r) {
                    int64_t yi = r * sh - pt + i * dh;
                    if (yi < 0 || yi >= h)
                      continue;
                    const int32_t *row = xp + yi * wd;
                    int64_t *a = acc.data() + r * ow;
                    for (int64_t q = qlo; q < qhi; ++q)
                      a[q] += wv * row[q * sw + off];
                  }
                }
            }
            int64_t bterm =
                hasBias ? npu::shiftLeft(int64_t(bias[o]), al.biasShift) : 0;
            float *yp = y + plane * oh * ow;
            for (int64_t e = 0; e < oh * ow; ++e)
              yp[e] = f(npu::shiftLeft(acc[e], al.productShift) + bterm);
          }
        });
      };
      return k;
    }
  }
  return prepareGeneric(o, cfg);
}

FailureOr<PreparedKernel> prepareLinear(Operation *o, const KernelConfig &cfg) {
  auto op = cast<LinearOp>(o);
  auto reprs = intReprs(o->getOperands());
  if (reprs) {
    std::optional<int64_t> b;
    if (op.getBias())
      b = (*reprs)[2].fixPoint;
    BiasAlign al = alignBias(o, (*reprs)[0].fixPoint, (*reprs)[1].fixPoint, b);
    if (std::optional<Finish> fin = finishOf(o, al.accFp)) {
      SmallVector<int64_t> in = shapeOf(op.getInput()),
                           w = shapeOf(op.getWeight());
      int64_t kdim = in.back(), m = 1, ndim = w[0];
      for (size_t d = 0; d + 1 < in.size(); ++d)
        m *= in[d];
      bool hasBias = bool(op.getBias());
      Finish f = *fin;
      int threads = cfg.options.threads;
      PreparedKernel k;
      k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
        std::vector<int32_t> x = toInts(*ins[0]), wt = toInts(*ins[1]);
        std::vector<int32_t> bias =
            hasBias ? toInts(*ins[2]) : std::vector<int32_t>();
        float *y = res[0].data.data();
        parallelFor(m * ndim, threads, [&](int64_t begin, int64_t end) {
          for (int64_t e = begin; e < end; ++e) {
            int64_t r = e / ndim, col = e % ndim, acc = 0;
            const int32_t *xr = x.data() + r * kdim,
                          *wr = wt.data() + col * kdim;
            for (int64_t t = 0; t < kdim; ++t)
              acc += int64_t(xr[t]) * wr[t];
            int64_t bterm =
                hasBias ? npu::shiftLeft(int64_t(bias[col]), al.biasShift) : 0;
            y[e] = f(npu::shiftLeft(acc, al.productShift) + bterm);
          }
        });
      };
      return k;
    }
  }
  return prepareGeneric(o, cfg);
}

/// Right-aligned broadcast strides of `shape` against `out`.
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> out) {
  SmallVector<int64_t> own(shape.size(), 1), s(out.size(), 0);
  for (int i = int(shape.size()) - 2; i >= 0; --i)
    own[i] = own[i + 1] * shape[i + 1];
  for (size_t i = 0; i < shape.size(); ++i) {
    size_t d = out.size() - shape.size() + i;
    s[d] = (shape[i] == 1 && out[d] != 1) ? 0 : own[i];
  }
  return s;
}

FailureOr<PreparedKernel> prepareAddSub(Operation *o, const KernelConfig &cfg) {
  bool isSub = isa<SubOp>(o);
  auto reprs = intReprs(o->getOperands());
  if (reprs) {
    // Both inputs are shifted left to the finer fix point (exact): the
    // coarser by shift_read, and the sum is cut by shift_read + shift_write
    // to the output, as recorded on the op (#nndct.shifts) or, without a
    // target, from the fix points.
    int64_t f0 = (*reprs)[0].fixPoint, f1 = (*reprs)[1].fixPoint,
            acc = std::max(f0, f1);
    auto shifts = o->getAttrOfType<ShiftsAttr>(kShiftsAttrName);
    IntegerRepr result = integerReprOf(o->getResult(0));
    int64_t s0 = acc - f0, s1 = acc - f1;
    if (shifts && shifts.getRead() && shifts.getWrite() && result.isInt) {
      acc = result.fixPoint + *shifts.getRead() + *shifts.getWrite();
      s0 = f0 < f1 ? *shifts.getRead() : 0;
      s1 = f1 < f0 ? *shifts.getRead() : 0;
    }
    if (std::optional<Finish> fin = finishOf(o, acc)) {
      SmallVector<int64_t> out = shapeOf(o->getResult(0));
      SmallVector<int64_t> sa =
                               broadcastStrides(shapeOf(o->getOperand(0)), out),
                           sb =
                               broadcastStrides(shapeOf(o->getOperand(1)), out);
      Finish f = *fin;
      int threads = cfg.options.threads;
      PreparedKernel k;
      k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
        const float *a = ins[0]->data.data(), *b = ins[1]->data.data();
        float *y = res[0].data.data();
        size_t rank = out.size();
        parallelFor(res[0].numElements(), threads,
                    [&](int64_t begin, int64_t end) {
                      for (int64_t e = begin; e < end; ++e) {
                        int64_t rem = e, pa = 0, pb = 0;
                        for (int d = int(rank) - 1; d >= 0; --d) {
                          int64_t idx = rem % out[d];
                          rem /= out[d];
                          pa += idx * sa[d];
                          pb += idx * sb[d];
                        }
                        int64_t va = npu::shiftLeft(int64_t(a[pa]), s0),
                                vb = npu::shiftLeft(int64_t(b[pb]), s1);
                        y[e] = f(isSub ? va - vb : va + vb);
                      }
                    });
      };
      return k;
    }
  }
  return prepareGeneric(o, cfg);
}

/// Average pools marked `npu_numerics`: the window sum times the device
/// multiplier, all windows aligned to the largest shift. Unmarked, the
/// exact mean on the dequantized values.
FailureOr<PreparedKernel> prepareAverage(Operation *o,
                                         const KernelConfig &cfg) {
  IntegerRepr in = integerReprOf(o->getOperand(0));
  if (!in.isInt || !isHead(o))
    return prepareGeneric(o, cfg);
  std::vector<AverageWindow> windows = averageWindows(o);
  int64_t maxShift = 0;
  for (const AverageWindow &w : windows)
    maxShift = std::max(maxShift, w.factor.shift);
  std::optional<Finish> fin = finishOf(o, in.fixPoint + maxShift);
  if (!fin)
    return prepareGeneric(o, cfg);
  SmallVector<int64_t> inShape = shapeOf(o->getOperand(0));
  int64_t planes = inShape[0] * inShape[1], h = inShape[2], wd = inShape[3];
  int64_t outPlane = int64_t(windows.size());
  Finish f = *fin;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelFor(planes, threads, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p)
        for (int64_t e = 0; e < outPlane; ++e) {
          const AverageWindow &w = windows[e];
          int64_t sum = windowSum<int64_t>(x + p * h * wd, w, h, wd);
          y[p * outPlane + e] = f(npu::shiftLeft(sum * w.factor.multiplier,
                                                 maxShift - w.factor.shift));
        }
    });
  };
  return k;
}

/// A leaky_relu on codes (not fused into a head): x * k / 2^shift for
/// x < 0 with the slope recorded on the op, shift-rounded to the output
/// fix. Without a recorded slope (no device kernel for it, or on the CPU)
/// it computes alpha in float like any other op.
FailureOr<PreparedKernel> prepareLeaky(Operation *o, const KernelConfig &cfg) {
  if (isFusedLeaky(o)) {
    PreparedKernel k;
    k.aliasOperand = 0;
    return k;
  }
  auto op = cast<LeakyReluOp>(o);
  std::optional<npu::FixedScale> slope = getNpuScale(op);
  IntegerRepr in = integerReprOf(op.getInput()),
              out = integerReprOf(op.getOutput());
  if (!slope || !placedOnDevice(op) || !in.isInt || !out.isInt)
    return prepareGeneric(o, cfg);
  Finish f;
  f.accFp = in.fixPoint;
  f.leaky = slope;
  f.outFp = out.fixPoint;
  FixRange range = fixRange(out.bitWidth, out.isSigned);
  f.qmin = range.qmin;
  f.qmax = range.qmax;
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelFor(res[0].numElements(), threads, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        y[i] = f(int64_t(x[i]));
    });
  };
  return k;
}

template <typename... Ops> void registerGenericFor(KernelRegistry &r) {
  (r.add(Ops::getOperationName(), prepareGeneric, ExecutionMode::Integer), ...);
}

} // namespace

void mlir::nndct::registerIntegerKernels(KernelRegistry &r) {
  // Every op gets an Integer-mode kernel, so no float kernel ever sees codes
  // it does not expect; the specific ones below replace the generic entry.
  registerGenericFor<
#define GET_OP_LIST
#include "ir/NNDCTOps.cpp.inc"
      >(r);
  auto mode = ExecutionMode::Integer;
  r.add(FixOp::getOperationName(), prepareFix, mode);
  r.add(ConcatOp::getOperationName(), prepareConcat, mode);
  r.add(Conv2DOp::getOperationName(), prepareConv, mode);
  r.add(LinearOp::getOperationName(), prepareLinear, mode);
  r.add(AddOp::getOperationName(), prepareAddSub, mode);
  r.add(SubOp::getOperationName(), prepareAddSub, mode);
  r.add(AvgPool2DOp::getOperationName(), prepareAverage, mode);
  r.add(AdaptiveAvgPool2DOp::getOperationName(), prepareAverage, mode);
  r.add(LeakyReluOp::getOperationName(), prepareLeaky, mode);
}
