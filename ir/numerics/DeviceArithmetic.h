//===- DeviceArithmetic.h - the NPU's integer arithmetic -------*- C++ -*-===//
//
// The integer building blocks of the AIE2 NPU's quantized ops
// (/work/shared/reference/aie2-target.md §Numeric rules, quantization-spec.md
// §Device numerics): shift-round-saturate requantization, the average-pool
// correction multipliers and multiplier-and-shift constants. The constants
// of a target (slope denominator, hard sigmoid's 1/6) are not here: they
// are the target model's DeviceNumerics (ir/TargetModel.h). Header-only and
// free of MLIR so the interpreter's integer mode, the fake-quant emulation
// kernels, the `nndct-emulate-npu-numerics` pass, the ONNX exporter and the
// gtests share one definition.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NUMERICS_DEVICEARITHMETIC_H
#define NNDCT_IR_NUMERICS_DEVICEARITHMETIC_H

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace mlir::nndct::npu {

/// v * 2^shift for shift >= 0: `v << shift` is undefined for a negative v
/// before C++20 (UBSan reports it), and accumulators are signed.
inline int64_t shiftLeft(int64_t v, int64_t shift) {
  return v * (int64_t(1) << shift);
}

/// Arithmetic shift of `v` by `shift` bits with round-half-up (ties toward
/// +inf, the DPU_ROUND rule): floor(v / 2^shift + 1/2). A negative `shift`
/// is an exact left shift. This is the "SR" of the device's SRS.
inline int64_t shiftRound(int64_t v, int64_t shift) {
  if (shift <= 0)
    return shiftLeft(v, -shift);
  if (shift >= 62)
    return 0; // |v| < 2^61 for every accumulator nndct forms
  // >> on a negative int64 is an arithmetic (floor) shift in C++20 and in
  // every compiler nndct supports.
  return (v + (int64_t(1) << (shift - 1))) >> shift;
}

/// Shift-round-saturate: shiftRound then clamp to [qmin, qmax].
inline int64_t shiftRoundSaturate(int64_t v, int64_t shift, int64_t qmin,
                                  int64_t qmax) {
  // A left shift of a large value could overflow before saturating.
  if (shift < 0 && v != 0) {
    int64_t limit = std::max(-qmin, qmax);
    if (std::abs(v) > (limit >> std::min<int64_t>(-shift, 62)))
      return v > 0 ? qmax : qmin;
  }
  return std::clamp(shiftRound(v, shift), qmin, qmax);
}

/// The device's average: `sum * multiplier >> shift` approximates sum / k.
struct AvgFactor {
  int64_t multiplier = 1;
  int64_t shift = 0;
  /// What the device computes relative to the true average:
  /// k * multiplier / 2^shift (1.0 when the division is exact).
  double correction(int64_t k) const {
    return double(k) * double(multiplier) / std::ldexp(1.0, int(shift));
  }
};

/// The multiplier and shift the NPU uses to average `kh` x `kw` values.
/// The hardware table (3x3 -> 7/64, 5x5 -> 10/256, 6x6 -> 7/256,
/// 7x7 -> 21/1024, 14x14 -> 21/4096); otherwise, with k = kh * kw, the
/// shift s < ceil(log2(k * 128)) whose round(2^s / k) / 2^s is closest to
/// 1 / k (the first, i.e. smallest, s on ties) as vai_q_pytorch computes it.
inline AvgFactor avgFactor(int64_t kh, int64_t kw) {
  if (kh == 3 && kw == 3)
    return {7, 6};
  if (kh == 5 && kw == 5)
    return {10, 8};
  if (kh == 6 && kw == 6)
    return {7, 8};
  if (kh == 7 && kw == 7)
    return {21, 10};
  if (kh == 14 && kw == 14)
    return {21, 12};
  int64_t k = kh * kw;
  if (k <= 1)
    return {1, 0};
  int64_t maxShift = int64_t(std::ceil(std::log2(double(k) * 128.0)));
  AvgFactor best{0, 0};
  double bestDiff = 1.0;
  for (int64_t s = 0; s < maxShift; ++s) {
    double scaled = std::ldexp(1.0, int(s));
    double m = std::floor(scaled / double(k) + 0.5);
    double diff = std::fabs(m / scaled - 1.0 / double(k));
    if (diff < bestDiff) {
      bestDiff = diff;
      best = {int64_t(m), s};
    }
  }
  return best;
}

/// A constant the device multiplies by: multiplier / 2^shift (the leaky
/// slope, hard sigmoid's 1/6). nndct-emulate-npu-numerics takes the numbers
/// from the target model and records them on the op (`npu_multiplier`,
/// `npu_shift`); the kernels and exporters read them from there.
struct FixedScale {
  int64_t multiplier = 1;
  int64_t shift = 0;
  /// The scale as a double (exact: shift <= 62, multiplier < 2^53).
  double value() const { return std::ldexp(double(multiplier), -int(shift)); }
};

/// The slope numerator `k` of k / 2^shift nearest to `alpha`
/// (round-half-up, as vai_q_pytorch and Quark round it: 0.1 -> 26/256).
inline int64_t leakyNumerator(double alpha, int64_t shift) {
  return int64_t(std::floor(std::ldexp(alpha, int(shift)) + 0.5));
}

/// log2(d) when `d` is a power of two (a shift the device can apply),
/// otherwise -1.
inline int64_t log2Exact(int64_t d) {
  if (d <= 0 || (d & (d - 1)) != 0)
    return -1;
  int64_t s = 0;
  while ((int64_t(1) << s) < d)
    ++s;
  return s;
}

/// The device's hard sigmoid on float values, as the fake-quant kernel and
/// the exact ONNX export both compute it: r = clamp(x + 3, 0, 6) in float,
/// then one float multiply by multiplier * 2^-shift (exact as a float for
/// the targets' 2731 * 2^-14). On a fix grid x + 3 is exact, so this equals
/// the integer kernel; off the grid it is still one fixed sequence of IEEE
/// operations an ONNX graph can repeat.
inline float hardSigmoidScale(FixedScale s) { return float(s.value()); }

/// The factor of a reduce_mean over the dimensions flagged in `reduced` of
/// a tensor of shape `in`: the H x W table entry when it reduces the two
/// spatial axes of a 4-D tensor, the rule for the element count otherwise.
template <typename Shape, typename Flags>
inline AvgFactor reduceMeanFactor(const Shape &in, const Flags &reduced) {
  int64_t count = 1;
  for (size_t d = 0; d < in.size(); ++d)
    if (reduced[d])
      count *= in[d];
  bool spatial =
      in.size() == 4 && !reduced[0] && !reduced[1] && reduced[2] && reduced[3];
  return spatial ? avgFactor(in[2], in[3]) : avgFactor(count, 1);
}

} // namespace mlir::nndct::npu

#endif // NNDCT_IR_NUMERICS_DEVICEARITHMETIC_H
