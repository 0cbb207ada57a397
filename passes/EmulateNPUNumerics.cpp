//===- EmulateNPUNumerics.cpp - make fake-quant compute like the NPU ------===//
//
// nndct-emulate-npu-numerics: the leaky slope is rewritten to the device's
// k/256; average pools, reduce_mean and the relu6-form hard_sigmoid are
// marked `npu_numerics` so the fake-quant kernels apply the device's
// multiplier-and-shift arithmetic (backends/interpreter/NpuEmulationKernels).
// The device constants come from ir/numerics/DeviceArithmetic.h, a
// header-only file, so this pass library does not link the interpreter.
//
//===----------------------------------------------------------------------===//

#include "ir/NNDCTOps.h"
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
    auto mark = [](auto op) { op.setNpuNumerics(true); };
    getOperation().walk([&](Operation *op) {
      if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
        double alpha = leaky.getAlpha().convertToDouble();
        double device = double(npu::leakyNumerator(alpha)) / 256.0;
        if (device != alpha)
          leaky.setAlphaAttr(
              FloatAttr::get(leaky.getAlphaAttr().getType(), device));
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
        // Only the relu6(x + 3) / 6 form is what the device approximates.
        double a = hs.getAlpha().convertToDouble(),
               b = hs.getBeta().convertToDouble();
        if (std::fabs(a - 1.0 / 6.0) < 1e-6 && b == 0.5)
          mark(hs);
      }
    });
  }
};

} // namespace
