//===- VectorMath.h - vectorized transcendental kernels ---------*- C++ -*-===//
//
// Array forms of the activations whose per-element std::exp dominated
// models that use them (EfficientNet's SiLU and squeeze-excite sigmoids:
// 40 % of a run). One exp for all of them: Cody-Waite range reduction and
// Cephes' degree-6 polynomial, 8 floats at a time, within 2 ulp of
// std::exp. The operations are fixed IEEE float arithmetic (no fused
// multiply-add), so every machine and vector width gives the same bits.
//
//===----------------------------------------------------------------------===//

#ifndef NNDCT_BACKENDS_INTERPRETER_VECTORMATH_H
#define NNDCT_BACKENDS_INTERPRETER_VECTORMATH_H

#include <cstdint>

namespace mlir::nndct::vmath {

/// out[i] = e^in[i] (0 below -86, where e^x < 2^-124; +inf above 88.72;
/// NaN stays NaN).
void expArray(const float *in, float *out, int64_t n);
/// out[i] = 1 / (1 + e^-in[i]).
void sigmoidArray(const float *in, float *out, int64_t n);
/// out[i] = in[i] / (1 + e^-in[i]) (SiLU, swish).
void siluArray(const float *in, float *out, int64_t n);

} // namespace mlir::nndct::vmath

#endif // NNDCT_BACKENDS_INTERPRETER_VECTORMATH_H
