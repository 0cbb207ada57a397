//===- FixArithmetic.h - rounding and the power-of-two fix ------*- C++ -*-===//
//
// The rounding rules and the `fix` formula of the quantization spec
// (/work/shared/reference/quantization-spec.md §Rounding modes), the one
// definition every part of nndct uses: the interpreter's kernels, the
// calibration passes, the ONNX exporter's constant folding and the tests.
//
//   q = clamp(round(x * 2^fp), qmin, qmax);  out = q * 2^-fp
//
// All arithmetic is done in double: x * 2^fp is exact for every float x and
// integer fp in range, so ties are recognised exactly. No MLIR here; the IR
// spells the rounding as `#nndct.round_mode<…>` and `FixOp::getRounding()`
// is the one translation between the two.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NUMERICS_FIXARITHMETIC_H
#define NNDCT_IR_NUMERICS_FIXARITHMETIC_H

#include <cstdint>

namespace mlir::nndct {

/// Rounding of x * 2^fp (the IR's names in brackets).
enum class Rounding {
  HalfUp,   ///< [half_up] ties toward +inf: XIR DPU_ROUND
  StdRound, ///< [std_round] ties away from zero: XIR STD_ROUND
  HalfEven, ///< [half_even] ties to even: XIR PY3_ROUND, ONNX QuantizeLinear
  Floor,    ///< [floor] toward -inf
};

/// Rounds `v` to an integer with `mode`. Exact for every double (no
/// `v + 0.5` that could round, no dependence on the FPU rounding mode).
double roundWithMode(double v, Rounding mode);

/// The integer range of a `bitWidth`-bit (un)signed fix.
struct FixRange {
  int64_t qmin;
  int64_t qmax;
};
FixRange fixRange(int64_t bitWidth, bool isSigned);

/// The integer code of `x`: clamp(round(x * 2^fixPoint), qmin, qmax).
/// NaN stays NaN.
double fixQuantize(double x, int64_t fixPoint, Rounding mode, FixRange range);

/// Fake quantization of one value: fixQuantize(...) * 2^-fixPoint.
float fixValue(float x, int64_t fixPoint, Rounding mode, FixRange range);

/// Fake quantization of `n` values from `in` to `out` (may alias).
void fixArray(const float *in, float *out, int64_t n, int64_t fixPoint,
              Rounding mode, FixRange range);

} // namespace mlir::nndct

#endif // NNDCT_IR_NUMERICS_FIXARITHMETIC_H
