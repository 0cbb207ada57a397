//===- ClampedRounding.h - rounding inside the fix range --------*- C++ -*-===//
//
// The rounding step fixArray and the diffs errors share. Both scale x by
// 2^fp (exact) and clamp to [qmin - 1, qmax + 1] before rounding: that
// changes no code (the bounds are integers, rounding is monotone) and keeps
// |v| small, where v + 0.5 is exact in double and, for the 8-lane float
// form, floor by truncation and v - floor(v) are exact in float. Both forms
// give roundWithMode's value bit for bit there (the 8-lane form turns -0
// into +0; callers that keep signed zeros select them back).
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NUMERICS_CLAMPEDROUNDING_H
#define NNDCT_IR_NUMERICS_CLAMPEDROUNDING_H

#include "ir/numerics/FixArithmetic.h"

#include <cmath>
#include <cstdint>

namespace mlir::nndct::clamped {

using V8f = float __attribute__((vector_size(32)));
using V8i = int32_t __attribute__((vector_size(32)));
using V4d = double __attribute__((vector_size(32)));

[[gnu::always_inline]] inline V8f splat(float v) { return V8f{} + v; }

/// roundWithMode(v) for v in [qmin - 1, qmax + 1]; -0 stays -0.
template <Rounding mode> [[gnu::always_inline]] inline double round(double v) {
  if constexpr (mode == Rounding::HalfUp) {
    return v == 0 ? v : std::floor(v + 0.5);
  } else if constexpr (mode == Rounding::HalfEven) {
    double q = v == 0 ? v : std::floor(v + 0.5);
    return q - v == 0.5 && std::fmod(q, 2.0) != 0 ? q - 1 : q;
  } else if constexpr (mode == Rounding::StdRound) {
    return std::round(v);
  } else {
    return std::floor(v);
  }
}

/// round<mode> on 8 floats whose magnitude is below 2^23 (HalfUp, or
/// StdRound: half away from zero); -0 becomes +0, NaN becomes garbage.
template <Rounding mode> [[gnu::always_inline]] inline V8f round8(V8f v) {
  static_assert(mode == Rounding::HalfUp || mode == Rounding::StdRound,
                "8-lane rounding: half up or half away from zero");
  const V8f one = splat(1.0f), half = splat(0.5f), zero = splat(0.0f);
  auto floorOf = [](V8f a) {
    return __builtin_convertvector(__builtin_convertvector(a, V8i), V8f);
  };
  if constexpr (mode == Rounding::HalfUp) {
    V8f f = floorOf(v);
    f = f > v ? f - one : f; // truncation went up for negative v
    return v - f >= half ? f + one : f;
  } else {
    V8f a = v < zero ? -v : v;
    V8f f = floorOf(a);
    V8f q = a - f >= half ? f + one : f;
    return v < zero ? -q : q;
  }
}

} // namespace mlir::nndct::clamped

#endif // NNDCT_IR_NUMERICS_CLAMPEDROUNDING_H
