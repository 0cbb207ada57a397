//===- NpuEmulationKernels.cpp - fake-quant kernels with device numerics --===//
//
// FakeQuant-mode kernels for the ops whose device arithmetic is not the
// float formula, used when nndct-emulate-npu-numerics recorded it on the op
// (unmarked ops keep their plain float kernel); every constant is read from
// the op's attributes:
//
// - avg_pool2d / adaptive_avg_pool2d: sum * multiplier * 2^-shift per
//   window (3x3: sum * 7/64 = mean * 63/64), computed in double so the
//   result equals the integer kernel's wherever inputs are on a fix grid;
// - reduce_mean: the same over the reduced count (H x W table entry when it
//   reduces the two spatial axes of a 4-D tensor);
// - hard_sigmoid with `npu_multiplier`/`npu_shift`:
//   relu6(x + 3) * multiplier / 2^shift (2731 / 2^14 on both targets).
//
// The leaky-relu slope needs no kernel: the pass sets `alpha` to the
// recorded multiplier / 2^shift (the verifier holds them equal).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/Kernels.h"
#include "backends/interpreter/OpKernels.h"
#include "backends/interpreter/Parallel.h"
#include "ir/AverageWindows.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// The plain kernel of `op` (used when the op is not marked).
FailureOr<PreparedKernel> plain(Operation *op, const KernelConfig &cfg) {
  const KernelFactory *f = KernelRegistry::get().lookup(
      op->getName().getStringRef(), ExecutionMode::Float);
  if (!f)
    return op->emitError("interpreter: no kernel for '")
           << op->getName() << "'";
  return (*f)(op, cfg);
}

bool marked(Operation *op) { return usesDeviceNumerics(op); }

FailureOr<PreparedKernel> prepareAverage(Operation *op,
                                         const KernelConfig &cfg) {
  if (!marked(op))
    return plain(op, cfg);
  std::vector<AverageWindow> windows = averageWindows(op);
  ArrayRef<int64_t> in =
      cast<ShapedType>(op->getOperand(0).getType()).getShape();
  int64_t planes = in[0] * in[1], h = in[2], wd = in[3];
  int64_t outPlane = int64_t(windows.size());
  int threads = cfg.options.threads;
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelFor(planes, threads, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p)
        for (int64_t e = 0; e < outPlane; ++e) {
          const AverageWindow &w = windows[e];
          double sum = windowSum<double>(x + p * h * wd, w, h, wd);
          y[p * outPlane + e] = float(std::ldexp(
              sum * double(w.factor.multiplier), -int(w.factor.shift)));
        }
    });
  };
  return k;
}

FailureOr<PreparedKernel> prepareReduceMean(Operation *o,
                                            const KernelConfig &cfg) {
  if (!marked(o))
    return plain(o, cfg);
  auto op = cast<ReduceMeanOp>(o);
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  SmallVector<bool> reduced(in.size(), false);
  for (int64_t a : op.getAxes())
    reduced[a] = true;
  npu::AvgFactor factor = npu::reduceMeanFactor(in, reduced);
  // Output element of every input element (keepdims or not, the kept
  // dimensions stay in order).
  SmallVector<int64_t> inStrides(in.size(), 1), outStrides(in.size(), 0);
  for (int d = int(in.size()) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * in[d + 1];
  int64_t s = 1;
  for (int d = int(in.size()) - 1; d >= 0; --d)
    if (!reduced[d]) {
      outStrides[d] = s;
      s *= in[d];
    }
  int64_t total = 1;
  for (int64_t d : in)
    total *= d;
  SmallVector<int64_t> shape(in.begin(), in.end());
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    std::vector<double> sums(res[0].numElements(), 0.0);
    const float *x = ins[0]->data.data();
    for (int64_t e = 0; e < total; ++e) {
      int64_t rem = e, o = 0;
      for (int d = int(shape.size()) - 1; d >= 0; --d) {
        o += (rem % shape[d]) * outStrides[d];
        rem /= shape[d];
      }
      sums[o] += x[e];
    }
    for (size_t i = 0; i < sums.size(); ++i)
      res[0].data[i] = float(
          std::ldexp(sums[i] * double(factor.multiplier), -int(factor.shift)));
  };
  return k;
}

FailureOr<PreparedKernel> prepareHardSigmoid(Operation *op,
                                             const KernelConfig &cfg) {
  std::optional<npu::FixedScale> device = getNpuScale(op);
  if (!device)
    return plain(op, cfg);
  int threads = cfg.options.threads;
  float scale = npu::hardSigmoidScale(*device);
  PreparedKernel k;
  k.run = [=](ArrayRef<const Tensor *> ins, MutableArrayRef<Tensor> res) {
    const float *x = ins[0]->data.data();
    float *y = res[0].data.data();
    parallelFor(res[0].numElements(), threads, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        y[i] = clampKeepNaN(x[i] + 3.0f, 0.0f, 6.0f) * scale;
    });
  };
  return k;
}

} // namespace

void mlir::nndct::registerNpuEmulationKernels(KernelRegistry &r) {
  auto mode = ExecutionMode::FakeQuant;
  r.add(AvgPool2DOp::getOperationName(), prepareAverage, mode);
  r.add(AdaptiveAvgPool2DOp::getOperationName(), prepareAverage, mode);
  r.add(ReduceMeanOp::getOperationName(), prepareReduceMean, mode);
  r.add(HardSigmoidOp::getOperationName(), prepareHardSigmoid, mode);
}
