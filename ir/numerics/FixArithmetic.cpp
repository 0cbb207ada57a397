//===- FixArithmetic.cpp - rounding and the power-of-two fix --------------===//
//
// Rounding modes and the fix formula; see FixArithmetic.h.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/FixArithmetic.h"
#include "ir/numerics/ClampedRounding.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir::nndct;

double mlir::nndct::roundWithMode(double v, Rounding mode) {
  // v - floor(v) is exact in double, so every tie is seen as exactly 0.5.
  double f = std::floor(v);
  double frac = v - f;
  switch (mode) {
  case Rounding::HalfUp:
    return frac >= 0.5 ? f + 1 : f;
  case Rounding::StdRound:
    return std::round(v);
  case Rounding::HalfEven:
    if (frac != 0.5)
      return frac > 0.5 ? f + 1 : f;
    return std::fmod(f, 2.0) == 0 ? f : f + 1;
  case Rounding::Floor:
    return f;
  }
  return f;
}

FixRange mlir::nndct::fixRange(int64_t bitWidth, bool isSigned) {
  if (isSigned)
    return {-(int64_t(1) << (bitWidth - 1)),
            (int64_t(1) << (bitWidth - 1)) - 1};
  return {0, (int64_t(1) << bitWidth) - 1};
}

double mlir::nndct::fixQuantize(double x, int64_t fixPoint, Rounding mode,
                                FixRange range) {
  if (std::isnan(x))
    return x;
  double q = roundWithMode(std::ldexp(x, int(fixPoint)), mode);
  return std::clamp(q, double(range.qmin), double(range.qmax));
}

float mlir::nndct::fixValue(float x, int64_t fixPoint, Rounding mode,
                            FixRange range) {
  return float(
      std::ldexp(fixQuantize(x, fixPoint, mode, range), -int(fixPoint)));
}

namespace {
/// fixArray with the rounding known at compile time. Scaling by 2^fp is a
/// multiplication (exact: a float times a power of two fits a double);
/// the clamp and the rounding are ClampedRounding.h's. NaN passes through;
/// -0 and values that round to -0 keep their sign as in roundWithMode.
template <Rounding mode>
[[gnu::always_inline]] inline void
fixArrayWith(const float *in, float *out, int64_t n, double scale,
             double unscale, double qmin, double qmax) {
  for (int64_t i = 0; i < n; ++i) {
    double v = std::clamp(double(in[i]) * scale, qmin - 1, qmax + 1);
    double q = clamped::round<mode>(v);
    out[i] = float(std::clamp(q, qmin, qmax) * unscale);
  }
}
/// fixArrayWith<HalfUp>, 8 floats at a time, bit for bit: scaling by 2^fp
/// is exact in float (a subnormal product rounds but stays far below 0.5),
/// the rounding is ClampedRounding.h's, q * 2^-fp is exact. -0 and NaN are
/// selected through.
[[gnu::always_inline]] inline void fixArrayHalfUp(const float *in, float *out,
                                                  int64_t n, float scale,
                                                  float unscale, float qmin,
                                                  float qmax) {
  using clamped::splat;
  using clamped::V8f;
  const V8f lo = splat(qmin - 1), hi = splat(qmax + 1), qlo = splat(qmin),
            qhi = splat(qmax), zero = splat(0.0f), vscale = splat(scale),
            vunscale = splat(unscale);
  int64_t full = n / 8 * 8;
  for (int64_t i = 0; i < full; i += 8) {
    V8f x;
    std::memcpy(&x, in + i, sizeof(x));
    V8f v = x * vscale;
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    V8f q = clamped::round8<Rounding::HalfUp>(v);
    q = q < qlo ? qlo : q;
    q = q > qhi ? qhi : q;
    q = v == zero ? v : q; // -0 stays -0
    q = v != v ? v : q;    // NaN stays NaN
    V8f y = q * vunscale;
    std::memcpy(out + i, &y, sizeof(y));
  }
  fixArrayWith<Rounding::HalfUp>(in + full, out + full, n - full, scale,
                                 unscale, qmin, qmax);
}
} // namespace

// AVX2 rounds and clamps 8 floats per instruction.
[[gnu::target_clones("avx2", "default")]] void
mlir::nndct::fixArray(const float *in, float *out, int64_t n, int64_t fixPoint,
                      Rounding mode, FixRange range) {
  // Far outside any bit width's use, 2^fp would leave the double range.
  if (fixPoint < -900 || fixPoint > 900) {
    for (int64_t i = 0; i < n; ++i)
      out[i] = fixValue(in[i], fixPoint, mode, range);
    return;
  }
  double scale = std::ldexp(1.0, int(fixPoint)),
         unscale = std::ldexp(1.0, -int(fixPoint));
  double lo = double(range.qmin), hi = double(range.qmax);
  switch (mode) {
  case Rounding::HalfUp:
    // Float powers of two and exact float bounds.
    if (fixPoint > -100 && fixPoint < 100 && hi - lo < double(1 << 24))
      return fixArrayHalfUp(in, out, n, float(scale), float(unscale), float(lo),
                            float(hi));
    return fixArrayWith<Rounding::HalfUp>(in, out, n, scale, unscale, lo, hi);
  case Rounding::HalfEven:
    return fixArrayWith<Rounding::HalfEven>(in, out, n, scale, unscale, lo, hi);
  case Rounding::StdRound:
    return fixArrayWith<Rounding::StdRound>(in, out, n, scale, unscale, lo, hi);
  case Rounding::Floor:
    return fixArrayWith<Rounding::Floor>(in, out, n, scale, unscale, lo, hi);
  }
}
