//===- ActivationKernels.cpp - pointwise activation kernels ---------------===//
//
// relu, relu6, sigmoid, tanh, hard swish, silu, leaky relu, clamp, hard
// sigmoid, gelu, elu, selu, celu, thresholded relu, softplus, softsign and
// shrink: one function per element, parallelised over output
// elements. The clamping ones keep NaN (clampKeepNaN, Kernels.h).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
#include "backends/interpreter/VectorMath.h"
#include "ir/NNDCTOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;
using namespace mlir::nndct::kernels;

namespace {

/// The factory of a unary op whose function depends on its attributes:
/// `make(op)` returns the per-element function.
template <typename OpTy, typename MakeFn>
KernelFactory unaryFactory(MakeFn make) {
  return [make](Operation *op,
                const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
    return unaryKernel(make(cast<OpTy>(op)), cfg.options.threads);
  };
}

/// The kernel of an activation computed by an array function (VectorMath).
KernelFactory arrayUnary(void (*fn)(const float *, float *, int64_t)) {
  return
      [fn](Operation *, const KernelConfig &cfg) -> FailureOr<PreparedKernel> {
        return rangeCopyKernel(
            [fn](const float *x, float *y, int64_t begin, int64_t end) {
              fn(x + begin, y + begin, end - begin);
            },
            cfg.options.threads);
      };
}

} // namespace

void mlir::nndct::registerActivationKernels(KernelRegistry &r) {
  r.add(ReluOp::getOperationName(),
        simpleUnary([](float x) { return x > 0 ? x : (x != x ? x : 0.0f); }));
  r.add(Relu6Op::getOperationName(),
        simpleUnary([](float x) { return clampKeepNaN(x, 0.0f, 6.0f); }));
  r.add(SigmoidOp::getOperationName(), arrayUnary(vmath::sigmoidArray));
  r.add(TanhOp::getOperationName(),
        simpleUnary([](float x) { return std::tanh(x); }));
  r.add(HardSwishOp::getOperationName(), simpleUnary([](float x) {
          return x * clampKeepNaN(x + 3.0f, 0.0f, 6.0f) / 6.0f;
        }));
  r.add(SiluOp::getOperationName(), arrayUnary(vmath::siluArray));
  r.add(LeakyReluOp::getOperationName(),
        unaryFactory<LeakyReluOp>([](LeakyReluOp op) {
          float a = op.getAlpha().convertToFloat();
          return [a](float x) { return x >= 0 ? x : a * x; };
        }));
  r.add(ClampOp::getOperationName(), unaryFactory<ClampOp>([](ClampOp op) {
          float lo = op.getMin().convertToFloat(),
                hi = op.getMax().convertToFloat();
          return [lo, hi](float x) { return clampKeepNaN(x, lo, hi); };
        }));
  r.add(HardSigmoidOp::getOperationName(),
        unaryFactory<HardSigmoidOp>([](HardSigmoidOp op) {
          float a = op.getAlpha().convertToFloat(),
                b = op.getBeta().convertToFloat();
          return
              [a, b](float x) { return clampKeepNaN(a * x + b, 0.0f, 1.0f); };
        }));
  r.add(GeluOp::getOperationName(), unaryFactory<GeluOp>([](GeluOp op) {
          bool useTanh = op.getApproximation() == GeluApproximation::tanh;
          return [useTanh](float x) -> float {
            double v = x;
            if (useTanh)
              return float(0.5 * v *
                           (1.0 + std::tanh(std::sqrt(2.0 / M_PI) *
                                            (v + 0.044715 * v * v * v))));
            return float(0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))));
          };
        }));

  // Exponential and smooth activations: expm1 keeps the small negative
  // inputs exact (torch computes them so).
  r.add(EluOp::getOperationName(), unaryFactory<EluOp>([](EluOp op) {
          float a = op.getAlpha().convertToFloat();
          return [a](float x) { return x >= 0 ? x : a * std::expm1(x); };
        }));
  r.add(SeluOp::getOperationName(), unaryFactory<SeluOp>([](SeluOp op) {
          float a = op.getAlpha().convertToFloat(),
                g = op.getGamma().convertToFloat();
          return
              [a, g](float x) { return g * (x > 0 ? x : a * std::expm1(x)); };
        }));
  // max(0, x) + min(0, alpha * (e^(x / alpha) - 1)) is x for x > 0 and the
  // exponential branch otherwise, whatever alpha's sign (NaN stays NaN).
  r.add(CeluOp::getOperationName(), unaryFactory<CeluOp>([](CeluOp op) {
          float a = op.getAlpha().convertToFloat();
          return [a](float x) { return x > 0 ? x : a * std::expm1(x / a); };
        }));
  r.add(ThresholdedReluOp::getOperationName(),
        unaryFactory<ThresholdedReluOp>([](ThresholdedReluOp op) {
          float a = op.getAlpha().convertToFloat();
          return [a](float x) { return x > a ? x : 0.0f; };
        }));
  r.add(SoftplusOp::getOperationName(), simpleUnary([](float x) {
          return x > 20.0f ? x : std::log1p(std::exp(x));
        }));
  r.add(SoftsignOp::getOperationName(),
        simpleUnary([](float x) { return x / (1.0f + std::fabs(x)); }));
  r.add(ShrinkOp::getOperationName(), unaryFactory<ShrinkOp>([](ShrinkOp op) {
          float b = op.getBias().convertToFloat(),
                l = op.getLambd().convertToFloat();
          return [b, l](float x) {
            return x < -l ? x + b : (x > l ? x - b : 0.0f);
          };
        }));
}
