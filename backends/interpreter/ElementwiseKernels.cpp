//===- ElementwiseKernels.cpp - broadcast binary kernels ------------------===//
//
// add, sub, mul, div and prelu with numpy broadcasting, computed run by run
// (blocks in which each operand is contiguous or one repeated value) so the
// inner loops vectorize.
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

template <typename F> KernelFactory binaryFactory(F f) {
  return [f](Operation *op,
             const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
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
          [&](int64_t begin, int64_t end) {
            binaryRuns(runs, a, b, o, begin, end, f);
          },
          kElementwiseGrain);
    };
    return k;
  };
}

} // namespace

void mlir::nndct::registerElementwiseKernels(KernelRegistry &r) {
  r.add(AddOp::getOperationName(),
        binaryFactory([](float a, float b) { return a + b; }));
  r.add(SubOp::getOperationName(),
        binaryFactory([](float a, float b) { return a - b; }));
  r.add(MulOp::getOperationName(),
        binaryFactory([](float a, float b) { return a * b; }));
  r.add(DivOp::getOperationName(),
        binaryFactory([](float a, float b) { return a / b; }));
  r.add(PReluOp::getOperationName(),
        binaryFactory([](float x, float s) { return x >= 0 ? x : s * x; }));
  r.add(PowOp::getOperationName(),
        binaryFactory([](float a, float b) { return std::pow(a, b); }));
  // Float math: the C library's single-precision functions, as ONNX
  // Runtime uses them; round is half to even (ir/numerics).
  r.add(AbsOp::getOperationName(),
        simpleUnary([](float x) { return std::fabs(x); }));
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
}
