//===- ActivationKernels.cpp - pointwise activation kernels ---------------===//
//
// relu, relu6, sigmoid, tanh, hard swish, silu, leaky relu, clamp, hard
// sigmoid and gelu: one function per element, parallelised over output
// elements. The clamping ones keep NaN (clampKeepNaN, Kernels.h).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/KernelSupport.h"
#include "backends/interpreter/Parallel.h"
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

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

} // namespace

void mlir::nndct::registerActivationKernels(KernelRegistry &r) {
  r.add(ReluOp::getOperationName(),
        simpleUnary([](float x) { return x > 0 ? x : (x != x ? x : 0.0f); }));
  r.add(Relu6Op::getOperationName(),
        simpleUnary([](float x) { return clampKeepNaN(x, 0.0f, 6.0f); }));
  r.add(SigmoidOp::getOperationName(), simpleUnary(sigmoid));
  r.add(TanhOp::getOperationName(),
        simpleUnary([](float x) { return std::tanh(x); }));
  r.add(HardSwishOp::getOperationName(), simpleUnary([](float x) {
          return x * clampKeepNaN(x + 3.0f, 0.0f, 6.0f) / 6.0f;
        }));
  r.add(SiluOp::getOperationName(),
        simpleUnary([](float x) { return x * sigmoid(x); }));
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
}
