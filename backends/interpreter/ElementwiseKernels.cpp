//===- ElementwiseKernels.cpp - broadcast binary kernels ------------------===//
//
// add, sub, mul, div, pow, min, max, mod, prelu, comparisons and logic with
// numpy broadcasting, computed run by run (blocks in which each operand is
// contiguous or one repeated value) so the inner loops vectorize; and the
// elementwise math (float, and integer where ONNX allows it).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "ir/NNDCTOps.h"
#include "ir/numerics/FixArithmetic.h"

#include <algorithm>
#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

/// A broadcast binary op as runs: the output splits into blocks of `inner`
/// consecutive elements in which each operand is either contiguous (advances
/// with the output) or one repeated value (stride 0), e.g. [N,C,H,W] *
/// [N,C,1,1] is N*C blocks of H*W with a repeated rhs.
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
void binaryRuns(const BroadcastRuns &r, const float *a, const float *b,
                float *o, int64_t begin, int64_t end, const F &f) {
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
                     run(s, pa + (r.aRepeats ? 0 : off),
                         pb + (r.bRepeats ? 0 : off), t - s);
                   });
}

/// The kernel of a broadcast binary op: `f` on float results; integer and
/// bool results compute `intFn` on doubles (exact for the integers float
/// storage holds) and wrap to the result type.
template <typename F, typename G> KernelFactory binaryFactory(F f, G intFn) {
  return [f, intFn](Operation *op,
                    const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
    SmallVector<int64_t> out = shapeOf(op->getResult(0));
    SmallVector<int64_t> sa = broadcastStrides(shapeOf(op->getOperand(0)), out);
    SmallVector<int64_t> sb = broadcastStrides(shapeOf(op->getOperand(1)), out);
    BroadcastRuns runs = broadcastRuns(out, sa, sb);
    ElementKind kind = elementKindOf(
        cast<ShapedType>(op->getResult(0).getType()).getElementType());
    int threads = cfg.options.threads;
    PreparedKernel k;
    k.run = [=](ArrayRef<const Tensor *> in, MutableArrayRef<Tensor> res) {
      const float *a = in[0]->data.data(), *b = in[1]->data.data();
      float *o = res[0].data.data();
      parallelFor(
          res[0].numElements(), threads,
          [&](int64_t begin, int64_t end) {
            if (kind == ElementKind::F32)
              binaryRuns(runs, a, b, o, begin, end, f);
            else
              binaryRuns(runs, a, b, o, begin, end, [&](float x, float y) {
                return toKind(double(intFn(double(x), double(y))), kind);
              });
          },
          kElementwiseGrain);
    };
    return k;
  };
}

/// A binary op whose generic `f` serves floats and (on doubles) integers.
template <typename F> KernelFactory binaryFactory(F f) {
  return binaryFactory(f, f);
}

} // namespace

void mlir::nndct::registerElementwiseKernels(KernelRegistry &r) {
  r.add(AddOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a + b; }));
  r.add(SubOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a - b; }));
  r.add(MulOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a * b; }));
  // Integer division truncates toward zero; by zero it gives 0 (ONNX
  // leaves it undefined).
  r.add(DivOp::getOperationName(),
        binaryFactory([](float a, float b) { return a / b; },
                      [](double a, double b) {
                        return b == 0 ? 0.0 : std::trunc(a / b);
                      }));
  r.add(PReluOp::getOperationName(),
        binaryFactory([](float x, float s) { return x >= 0 ? x : s * x; }));
  r.add(PowOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return std::pow(a, b); }));
  // Float math: the C library's single-precision functions, as ONNX
  // Runtime uses them; round is half to even (ir/numerics).
  r.add(SqrtOp::getOperationName(),
        simpleUnary([](float x) { return std::sqrt(x); }));
  r.add(ExpOp::getOperationName(),
        simpleUnary([](float x) { return std::exp(x); }));
  r.add(LogOp::getOperationName(),
        simpleUnary([](float x) { return std::log(x); }));
  r.add(ErfOp::getOperationName(),
        simpleUnary([](float x) { return std::erf(x); }));
  r.add(FloorOp::getOperationName(),
        simpleUnary([](float x) { return std::floor(x); }));
  r.add(CeilOp::getOperationName(),
        simpleUnary([](float x) { return std::ceil(x); }));
  r.add(RoundOp::getOperationName(), simpleUnary([](float x) {
          return float(roundWithMode(x, Rounding::HalfEven));
        }));

  // Integer-capable math, comparison and logic. Integer results wrap to
  // their type (toKind); comparisons and logic write 0/1 bool tensors.
  r.add(AbsOp::getOperationName(),
        numericUnary([](double x) { return std::fabs(x); }));
  r.add(NegOp::getOperationName(), numericUnary([](double x) { return -x; }));
  r.add(SignOp::getOperationName(),
        numericUnary([](double x) { return double((x > 0) - (x < 0)); }));
  r.add(ReciprocalOp::getOperationName(),
        simpleUnary([](float x) { return 1.0f / x; }));
  r.add(SinOp::getOperationName(),
        simpleUnary([](float x) { return std::sin(x); }));
  r.add(CosOp::getOperationName(),
        simpleUnary([](float x) { return std::cos(x); }));
  r.add(TanOp::getOperationName(),
        simpleUnary([](float x) { return std::tan(x); }));
  r.add(AsinOp::getOperationName(),
        simpleUnary([](float x) { return std::asin(x); }));
  r.add(AcosOp::getOperationName(),
        simpleUnary([](float x) { return std::acos(x); }));
  r.add(AtanOp::getOperationName(),
        simpleUnary([](float x) { return std::atan(x); }));
  r.add(SinhOp::getOperationName(),
        simpleUnary([](float x) { return std::sinh(x); }));
  r.add(CoshOp::getOperationName(),
        simpleUnary([](float x) { return std::cosh(x); }));
  r.add(AsinhOp::getOperationName(),
        simpleUnary([](float x) { return std::asinh(x); }));
  r.add(AcoshOp::getOperationName(),
        simpleUnary([](float x) { return std::acosh(x); }));
  r.add(AtanhOp::getOperationName(),
        simpleUnary([](float x) { return std::atanh(x); }));
  // Min/Max propagate NaN (as ONNX Runtime's Min/Max do).
  r.add(MinOp::getOperationName(), binaryFactory([](auto a, auto b) {
          return a != a || b != b ? a + b : std::min(a, b);
        }));
  r.add(MaxOp::getOperationName(), binaryFactory([](auto a, auto b) {
          return a != a || b != b ? a + b : std::max(a, b);
        }));
  r.add(ModOp::getOperationName(), [](Operation *op, const KernelConfig &cfg) {
    // fmod: C fmod (the dividend's sign); else the divisor's sign (integers
    // only, the verifier ensures). By zero: 0 for integers.
    bool fmod = cast<ModOp>(op).getFmod();
    return binaryFactory([](float a, float b) { return std::fmod(a, b); },
                         [fmod](double a, double b) {
                           if (b == 0)
                             return 0.0;
                           double m = std::fmod(a, b);
                           if (!fmod && m != 0 && (m < 0) != (b < 0))
                             m += b;
                           return m;
                         })(op, cfg);
  });
  r.add(EqualOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a == b; }));
  r.add(GreaterOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a > b; }));
  r.add(GreaterEqualOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a >= b; }));
  r.add(LessOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a < b; }));
  r.add(LessEqualOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a <= b; }));
  r.add(LogicalAndOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a != 0 && b != 0; }));
  r.add(LogicalOrOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return a != 0 || b != 0; }));
  r.add(LogicalXorOp::getOperationName(),
        binaryFactory([](auto a, auto b) { return (a != 0) != (b != 0); }));
  r.add(LogicalNotOp::getOperationName(),
        simpleUnary([](float x) { return float(x == 0); }));
  r.add(IsNaNOp::getOperationName(),
        simpleUnary([](float x) { return float(std::isnan(x)); }));
  r.add(IsInfOp::getOperationName(),
        [](Operation *op, const KernelConfig &cfg) {
          auto o = cast<IsInfOp>(op);
          bool neg = o.getDetectNegative(), pos = o.getDetectPositive();
          return FailureOr<PreparedKernel>(unaryKernel(
              [neg, pos](float x) {
                return float(std::isinf(x) && (x < 0 ? neg : pos));
              },
              cfg.options.threads));
        });
}
