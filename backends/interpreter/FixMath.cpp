//===- FixMath.cpp - power-of-two fake-quantization arithmetic ------------===//
//
// Rounding modes and the fix formula; see FixMath.h.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/FixMath.h"

#include <cmath>

using namespace mlir::nndct;

double mlir::nndct::roundWithMode(double v, RoundMode mode) {
  switch (mode) {
  case RoundMode::half_up:
    // floor(v + 0.5) is exact in double for |v| < 2^52.
    return std::floor(v + 0.5);
  case RoundMode::std_round:
    return std::round(v);
  case RoundMode::half_even: {
    double f = std::floor(v);
    double diff = v - f;
    if (diff > 0.5)
      return f + 1;
    if (diff < 0.5)
      return f;
    return std::fmod(f, 2.0) == 0 ? f : f + 1;
  }
  case RoundMode::floor:
    return std::floor(v);
  }
  return std::floor(v + 0.5);
}

FixRange mlir::nndct::fixRange(int64_t bitWidth, bool isSigned) {
  if (isSigned)
    return {-(int64_t(1) << (bitWidth - 1)), (int64_t(1) << (bitWidth - 1)) - 1};
  return {0, (int64_t(1) << bitWidth) - 1};
}

double mlir::nndct::fixQuantize(float x, int64_t fixPoint, RoundMode mode,
                                FixRange range) {
  if (std::isnan(x))
    return x;
  double q = roundWithMode(std::ldexp(double(x), int(fixPoint)), mode);
  if (q < double(range.qmin))
    q = double(range.qmin);
  if (q > double(range.qmax))
    q = double(range.qmax);
  return q;
}

float mlir::nndct::fixValue(float x, int64_t fixPoint, RoundMode mode,
                            FixRange range) {
  return float(std::ldexp(fixQuantize(x, fixPoint, mode, range), -int(fixPoint)));
}

void mlir::nndct::fixArray(const float *in, float *out, int64_t n,
                           int64_t fixPoint, RoundMode mode, FixRange range) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = fixValue(in[i], fixPoint, mode, range);
}
