//===- FixMath.h - power-of-two fake-quantization arithmetic ----*- C++ -*-===//
//
// The rounding rules and the `fix` formula of the quantization spec
// (/work/shared/reference/quantization-spec.md §Rounding modes), kept apart
// from the interpreter so calibration, the exporters and tests share exactly
// one definition:
//
//   q = clamp(round(x * 2^fp), qmin, qmax);  out = q * 2^-fp
//
// All arithmetic is done in double: x * 2^fp is exact for every float x and
// integer fp in range, so ties are recognised exactly.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_FIXMATH_H
#define NNDCT_BACKENDS_INTERPRETER_FIXMATH_H

#include "ir/NNDCTDialect.h"

#include <cstdint>

namespace mlir::nndct {

/// Rounds `v` to an integer with `mode`:
/// half_up ties toward +inf, std_round ties away from zero, half_even ties to
/// even, floor toward -inf.
double roundWithMode(double v, RoundMode mode);

/// The integer range of a `bitWidth`-bit (un)signed fix.
struct FixRange {
  int64_t qmin;
  int64_t qmax;
};
FixRange fixRange(int64_t bitWidth, bool isSigned);

/// The integer code of `x`: clamp(round(x * 2^fixPoint), qmin, qmax).
/// NaN stays NaN.
double fixQuantize(float x, int64_t fixPoint, RoundMode mode, FixRange range);

/// Fake quantization of one value: fixQuantize(...) * 2^-fixPoint.
float fixValue(float x, int64_t fixPoint, RoundMode mode, FixRange range);

/// Fake quantization of `n` values from `in` to `out` (may alias).
void fixArray(const float *in, float *out, int64_t n, int64_t fixPoint,
              RoundMode mode, FixRange range);

} // namespace mlir::nndct

#endif // NNDCT_BACKENDS_INTERPRETER_FIXMATH_H
