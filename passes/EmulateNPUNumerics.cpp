//===- EmulateNPUNumerics.cpp - make fake-quant compute like the device ---===//
//
// nndct-emulate-npu-numerics: every constant comes from the module's target
// model (ir/TargetModel.h DeviceNumerics), and every decision is recorded in
// the IR so the kernels (fake-quant, integer) and exporters make none of
// their own:
// - leaky_relu: the device's slope k / 2^shift as `npu_multiplier`/
//   `npu_shift`, with `alpha` rewritten to it; a slope the target has no
//   kernel for (DPU: anything but 26/256) keeps its alpha and no attributes
//   (it runs in float, on the CPU);
// - hard_sigmoid of the engine's form: the device's 1/6 as `npu_multiplier`/
//   `npu_shift`;
// - average pools and reduce_mean: the unit `npu_numerics` when the target
//   averages with its multiplier table and some window differs from the
//   mean. A unit marker, not constants: the factor is per window count
//   (one table and one rule, DeviceArithmetic.h avgFactor), so the IR
//   records that the device's rule applies rather than one pair per count.
// The arithmetic helpers are ir/numerics/DeviceArithmetic.h, header-only,
// so this pass library does not link the interpreter.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "ir/numerics/DeviceArithmetic.h"
#include "passes/Passes.h"

#include <cmath>

namespace mlir::nndct {
#define GEN_PASS_DEF_EMULATENPUNUMERICSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::nndct

using namespace mlir;
using namespace mlir::nndct;

namespace {

bool isPowerOfTwo(int64_t k) { return k > 0 && (k & (k - 1)) == 0; }

/// Whether averaging over `counts` differs on the device from the mean.
bool inexact(ArrayRef<std::pair<int64_t, int64_t>> windows) {
  for (auto [kh, kw] : windows) {
    npu::AvgFactor f = npu::avgFactor(kh, kw);
    if (f.correction(kh * kw) != 1.0 || !isPowerOfTwo(kh * kw))
      return true;
  }
  return false;
}

struct EmulateNPUNumericsPass
    : public nndct::impl::EmulateNPUNumericsPassBase<EmulateNPUNumericsPass> {
  void runOnOperation() override {
    const TargetModel *target = getTargetModel(getOperation());
    if (!target) {
      getOperation()->emitError(
          "nndct-emulate-npu-numerics needs the module's #nndct.target (the "
          "device numerics are the target's; run nndct-attach-target first)");
      return signalPassFailure();
    }
    const DeviceNumerics &numerics = target->numerics;
    int64_t leakyShift = npu::log2Exact(numerics.leakyDenominator);
    if (leakyShift < 0) {
      getOperation()->emitError("target ")
          << target->name << ": leaky denominator " << numerics.leakyDenominator
          << " is not a power of two";
      return signalPassFailure();
    }
    Builder b(&getContext());
    auto setScale = [&](auto op, npu::FixedScale s) {
      op.setNpuMultiplierAttr(b.getI64IntegerAttr(s.multiplier));
      op.setNpuShiftAttr(b.getI64IntegerAttr(s.shift));
    };
    auto mark = [&](auto op) { op.setNpuNumerics(numerics.avgPoolFactors); };
    getOperation().walk([&](Operation *op) {
      if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
        if (getNpuScale(leaky))
          return; // already decided (idempotent)
        double alpha = leaky.getAlpha().convertToDouble();
        int64_t k = npu::leakyNumerator(alpha, leakyShift);
        // A target with one fixed slope runs only alphas that round to it.
        if (numerics.fixedLeakyNumerator && k != numerics.fixedLeakyNumerator)
          return;
        npu::FixedScale slope{k, leakyShift};
        leaky.setAlphaAttr(
            FloatAttr::get(leaky.getAlphaAttr().getType(), slope.value()));
        setScale(leaky, slope);
        return;
      }
      auto shape = [](Value v) {
        return cast<ShapedType>(v.getType()).getShape();
      };
      if (auto pool = dyn_cast<AvgPool2DOp>(op)) {
        // Clipped windows (padding, ceil mode) have other counts; the
        // full window decides in the common case, any padding marks.
        int64_t kh = pool.getKernelSize()[0], kw = pool.getKernelSize()[1];
        bool padded =
            llvm::any_of(pool.getPads(), [](int64_t p) { return p != 0; }) ||
            pool.getCeilMode();
        if (padded || inexact({{kh, kw}}))
          mark(pool);
        return;
      }
      if (auto pool = dyn_cast<AdaptiveAvgPool2DOp>(op)) {
        ArrayRef<int64_t> in = shape(pool.getInput()),
                          out = shape(pool.getOutput());
        SmallVector<std::pair<int64_t, int64_t>> windows;
        for (int64_t r = 0; r < out[2]; ++r)
          for (int64_t c = 0; c < out[3]; ++c)
            windows.push_back(
                {((r + 1) * in[2] + out[2] - 1) / out[2] - r * in[2] / out[2],
                 ((c + 1) * in[3] + out[3] - 1) / out[3] - c * in[3] / out[3]});
        if (inexact(windows))
          mark(pool);
        return;
      }
      if (auto mean = dyn_cast<ReduceMeanOp>(op)) {
        ArrayRef<int64_t> in = shape(mean.getInput());
        int64_t count = 1;
        for (int64_t a : mean.getAxes())
          count *= in[a];
        if (!isPowerOfTwo(count))
          mark(mean);
        return;
      }
      if (auto hs = dyn_cast<HardSigmoidOp>(op)) {
        // Only the engine's form is what the device approximates
        // (nndct-legalize-target rewrites the others into it).
        double a = hs.getAlpha().convertToDouble(),
               beta = hs.getBeta().convertToDouble();
        if (std::fabs(a - target->hardSigmoidAlpha) <= 1e-6 &&
            std::fabs(beta - target->hardSigmoidBeta) <= 1e-6)
          setScale(hs,
                   {numerics.hardSigmoidMultiplier, numerics.hardSigmoidShift});
      }
    });
  }
};

} // namespace
