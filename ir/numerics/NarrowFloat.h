//===- NarrowFloat.h - float16 / bfloat16 encodings -------------*- C++ -*-===//
//
// nndct computes every floating tensor in float32 (docs/element-types.md).
// FLOAT16 and BFLOAT16 values are float32 values rounded to the narrow
// format at the points where ONNX rounds (a Cast, a graph output of that
// type); these are the conversions, round-to-nearest-even as IEEE 754 and
// the ONNX reference (numpy's astype(float16), onnx.helper's
// float32_to_bfloat16) do. Header-only and free of MLIR: the ONNX importer's
// constant folding, the interpreter's cast kernel and the tensor writers
// share one definition.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_IR_NUMERICS_NARROWFLOAT_H
#define NNDCT_IR_NUMERICS_NARROWFLOAT_H

#include <cstdint>
#include <cstring>

namespace mlir::nndct {

inline uint32_t floatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

inline float floatFromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

/// IEEE binary16 bits of `f`, rounded to nearest even; overflow gives
/// infinity, NaN stays a (quiet) NaN with its sign.
inline uint16_t floatToHalfBits(float f) {
  uint32_t x = floatBits(f);
  uint16_t sign = uint16_t((x >> 16) & 0x8000);
  uint32_t exp = (x >> 23) & 0xff, mant = x & 0x7fffff;
  if (exp == 0xff)
    return sign | 0x7c00 | (mant ? 0x200 | (mant >> 13) : 0);
  int32_t e = int32_t(exp) - 127 + 15;
  if (e >= 31)
    return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the full significand into place.
    if (e < -10)
      return sign;
    uint32_t m = mant | 0x800000;
    int shift = 14 - e;
    uint32_t half = m >> shift, rest = m & ((1u << shift) - 1),
             tie = 1u << (shift - 1);
    if (rest > tie || (rest == tie && (half & 1)))
      ++half;
    return sign | uint16_t(half);
  }
  uint32_t half = (uint32_t(e) << 10) | (mant >> 13), rest = mant & 0x1fff;
  // A carry out of the significand correctly bumps the exponent (up to
  // infinity).
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half;
  return sign | uint16_t(half);
}

/// The float value of IEEE binary16 bits (exact).
inline float halfBitsToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16, exp = (h >> 10) & 0x1f,
           mant = h & 0x3ff;
  if (exp == 0) {
    // Subnormal: mant * 2^-24, exact in float.
    float v = float(mant) * (1.0f / 16777216.0f);
    return sign ? -v : v;
  }
  if (exp == 31)
    return floatFromBits(sign | 0x7f800000 | (mant << 13));
  return floatFromBits(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

/// bfloat16 bits of `f`, rounded to nearest even; NaN stays a quiet NaN.
inline uint16_t floatToBFloat16Bits(float f) {
  uint32_t x = floatBits(f);
  if ((x & 0x7fffffff) > 0x7f800000)
    return uint16_t((x >> 16) | 0x40);
  x += 0x7fff + ((x >> 16) & 1);
  return uint16_t(x >> 16);
}

inline float bfloat16BitsToFloat(uint16_t b) {
  return floatFromBits(uint32_t(b) << 16);
}

/// `f` rounded to the nearest float16 / bfloat16 value (as a float).
inline float roundToHalf(float f) {
  return halfBitsToFloat(floatToHalfBits(f));
}
inline float roundToBFloat16(float f) {
  return bfloat16BitsToFloat(floatToBFloat16Bits(f));
}

} // namespace mlir::nndct

#endif // NNDCT_IR_NUMERICS_NARROWFLOAT_H
