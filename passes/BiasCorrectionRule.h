//===- BiasCorrectionRule.h - vai's bias-correction stop rule ---*- C++ -*-===//
//
// One step of vai_q_pytorch's bias correction schedule (`eval_qnoise` in
// pytorch_nndct, option `param_corr_rate` = 0.05): from the mean float
// signal power and the mean quantization noise power of a layer's output
// on one calibration batch, update the layer's smoothed "efficiency" (an
// SQNR in units of 8 dB) and decide the correction rate for this step or
// stop correcting the layer for good. Header-only so the gtests check it
// without running a model.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_PASSES_BIASCORRECTIONRULE_H
#define NNDCT_PASSES_BIASCORRECTIONRULE_H

#include <cmath>

namespace mlir::nndct {

struct BiasCorrectionState {
  double efficiency = 0.0; ///< exponential average of 1.25 * log10(SQNR)
  double deviation = 0.0;  ///< exponential average of its step changes
  bool stop = false;       ///< no further corrections for this layer
};

/// Updates `s` with one batch (`signal` = mean(float^2), `noise` =
/// mean((quantized - float)^2)) and returns the rate to apply now: `rate`,
/// `rate / 2` once the efficiency exceeds 4.0, or 0 when the layer stops
/// (efficiency > 4.3, deviation below 5 % of the efficiency, the change
/// settled, or no noise at all).
inline double biasCorrectionStep(BiasCorrectionState &s, double signal,
                                 double noise, double rate) {
  if (s.stop)
    return 0.0;
  if (!(noise > 0.0)) {
    s.stop = true;
    return 0.0;
  }
  double eff = 1.25 * std::log10(signal / noise);
  double dev = std::fabs(eff - s.efficiency);
  if (!(dev > 0.0)) {
    s.stop = true;
    return 0.0;
  }
  s.efficiency = (s.efficiency * 4.0 + eff) * 0.2;
  s.deviation = (s.deviation * 4.0 + dev) * 0.2;
  if (s.efficiency > 4.0)
    rate *= 0.5;
  // vai compares the deviation with the efficiency and the step change
  // with deviation / dev (sic); both kept as written.
  if (s.efficiency > 4.3 || s.deviation / s.efficiency < 0.05 ||
      std::fabs(dev - s.deviation / dev) < 0.05) {
    s.stop = true;
    return 0.0;
  }
  return rate;
}

} // namespace mlir::nndct

#endif // NNDCT_PASSES_BIASCORRECTIONRULE_H
