//===- FixArithmetic.cpp - rounding and the power-of-two fix --------------===//
//
// Rounding modes and the fix formula; see FixArithmetic.h.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/FixArithmetic.h"

#include <algorithm>
#include <cmath>

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

void mlir::nndct::fixArray(const float *in, float *out, int64_t n,
                           int64_t fixPoint, Rounding mode, FixRange range) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = fixValue(in[i], fixPoint, mode, range);
}
