//===- AverageWindows.h - output windows of average pools -------*- C++ -*-===//
//
// The input window and element count behind every output element of
// avg_pool2d and adaptive_avg_pool2d, for the kernels that compute averages
// the NPU way (a window sum times a multiplier, then a shift): the integer
// kernels, the fake-quant emulation kernels and the exact ONNX export.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_AVERAGEWINDOWS_H
#define NNDCT_IR_AVERAGEWINDOWS_H

#include "ir/NNDCTOps.h"
#include "ir/numerics/DeviceArithmetic.h"

#include <algorithm>
#include <vector>

namespace mlir::nndct {

/// One output window: rows [y0, y1), columns [x0, x1) (may reach into the
/// padding) and the count the average divides by.
struct AverageWindow {
  int64_t y0, y1, x0, x1, count;
  /// The NPU's multiplier/shift for this window.
  npu::AvgFactor factor;
};

/// The windows of one output plane, row-major, with the device factor: the
/// kernel's table entry for full windows, the rule for `count` otherwise.
inline std::vector<AverageWindow> averageWindows(Operation *op) {
  auto shape = [](Value v) { return cast<ShapedType>(v.getType()).getShape(); };
  ArrayRef<int64_t> in = shape(op->getOperand(0)),
                    out = shape(op->getResult(0));
  std::vector<AverageWindow> windows;
  if (auto pool = dyn_cast<AvgPool2DOp>(op)) {
    int64_t kh = pool.getKernelSize()[0], kw = pool.getKernelSize()[1];
    int64_t sh = pool.getStrides()[0], sw = pool.getStrides()[1];
    ArrayRef<int64_t> pads = pool.getPads();
    for (int64_t r = 0; r < out[2]; ++r)
      for (int64_t c = 0; c < out[3]; ++c) {
        AverageWindow w;
        w.y0 = r * sh - pads[0];
        w.x0 = c * sw - pads[1];
        w.y1 = std::min(w.y0 + kh, in[2] + pads[2]);
        w.x1 = std::min(w.x0 + kw, in[3] + pads[3]);
        if (pool.getCountIncludePad())
          w.count = (w.y1 - w.y0) * (w.x1 - w.x0);
        else
          w.count = (std::min(w.y1, in[2]) - std::max<int64_t>(w.y0, 0)) *
                    (std::min(w.x1, in[3]) - std::max<int64_t>(w.x0, 0));
        w.factor = w.count == kh * kw ? npu::avgFactor(kh, kw)
                                      : npu::avgFactor(w.count, 1);
        windows.push_back(w);
      }
    return windows;
  }
  for (int64_t r = 0; r < out[2]; ++r)
    for (int64_t c = 0; c < out[3]; ++c) {
      AverageWindow w;
      w.y0 = r * in[2] / out[2];
      w.y1 = ((r + 1) * in[2] + out[2] - 1) / out[2];
      w.x0 = c * in[3] / out[3];
      w.x1 = ((c + 1) * in[3] + out[3] - 1) / out[3];
      w.count = (w.y1 - w.y0) * (w.x1 - w.x0);
      w.factor = npu::avgFactor(w.y1 - w.y0, w.x1 - w.x0);
      windows.push_back(w);
    }
  return windows;
}

/// Sum of one h x wd plane under `w` (padding contributes nothing), in the
/// accumulator type the caller's arithmetic needs (int64 codes, double).
template <typename Acc>
inline Acc windowSum(const float *plane, const AverageWindow &w, int64_t h,
                     int64_t wd) {
  Acc sum = 0;
  for (int64_t r = std::max<int64_t>(w.y0, 0); r < std::min(w.y1, h); ++r)
    for (int64_t c = std::max<int64_t>(w.x0, 0); c < std::min(w.x1, wd); ++c)
      sum += Acc(plane[r * wd + c]);
  return sum;
}

} // namespace mlir::nndct

#endif // NNDCT_IR_AVERAGEWINDOWS_H
