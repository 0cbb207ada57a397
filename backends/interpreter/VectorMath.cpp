//===- VectorMath.cpp - vectorized transcendental kernels -----------------===//
//
// See VectorMath.h. GCC vector extensions: AVX2 runs 8 lanes per
// instruction (target_clones), baseline x86-64 two halves of 4.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/VectorMath.h"

#include <cstring>

using namespace mlir::nndct;

namespace {

using V8f = float __attribute__((vector_size(32)));
using V8i = int32_t __attribute__((vector_size(32)));

inline V8f splat(float v) { return V8f{} + v; }

/// e^x: x = n ln2 + r with |r| <= ln2 / 2 (ln2 split in two so n ln2 is
/// exact), e^r = 1 + r + r^2 p(r), times 2^n built in the exponent field.
[[gnu::always_inline]] inline V8f exp8(V8f x) {
  const V8f hi = splat(88.7228f), lo = splat(-86.0f);
  V8f c = x > hi ? hi : x;
  c = c < lo ? lo : c;
  // n = round(x / ln2): truncation of x / ln2 + 0.5 (or - 0.5).
  V8f t = c * splat(1.44269504088896341f);
  t = t + (t < splat(0.0f) ? splat(-0.5f) : splat(0.5f));
  V8i n = __builtin_convertvector(t, V8i);
  V8f fn = __builtin_convertvector(n, V8f);
  V8f r = c - fn * splat(0.693359375f);
  r = r - fn * splat(-2.12194440e-4f);
  V8f p = splat(1.9875691500e-4f);
  p = p * r + splat(1.3981999507e-3f);
  p = p * r + splat(8.3334519073e-3f);
  p = p * r + splat(4.1665795894e-2f);
  p = p * r + splat(1.6666665459e-1f);
  p = p * r + splat(5.0000001201e-1f);
  V8f y = p * (r * r) + r + splat(1.0f);
  // 2^n for n in [-124, 128]: 2^(n - 1) * 2 keeps n = 128 representable
  // until the multiplication makes it +inf.
  V8i bits = (n - 1 + 127) << 23;
  V8f scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  y = y * scale * splat(2.0f);
  y = x > hi ? splat(__builtin_inff()) : y;
  y = x < lo ? splat(0.0f) : y;
  return x != x ? x : y; // NaN
}

/// Applies `f` to 8 floats at a time; the tail goes through a padded
/// vector so it computes the same bits as the body.
template <typename F>
[[gnu::always_inline]] inline void map8(const float *in, float *out, int64_t n,
                                        F f) {
  int64_t full = n / 8 * 8;
  for (int64_t i = 0; i < full; i += 8) {
    V8f x;
    std::memcpy(&x, in + i, sizeof(x));
    V8f y = f(x);
    std::memcpy(out + i, &y, sizeof(y));
  }
  if (full < n) {
    V8f x = splat(0.0f);
    std::memcpy(&x, in + full, sizeof(float) * (n - full));
    V8f y = f(x);
    std::memcpy(out + full, &y, sizeof(float) * (n - full));
  }
}

} // namespace

[[gnu::target_clones("avx2", "default")]] void
vmath::expArray(const float *in, float *out, int64_t n) {
  map8(in, out, n, [](V8f x) { return exp8(x); });
}

[[gnu::target_clones("avx2", "default")]] void
vmath::sigmoidArray(const float *in, float *out, int64_t n) {
  map8(in, out, n,
       [](V8f x) { return splat(1.0f) / (splat(1.0f) + exp8(-x)); });
}

[[gnu::target_clones("avx2", "default")]] void
vmath::siluArray(const float *in, float *out, int64_t n) {
  map8(in, out, n, [](V8f x) { return x / (splat(1.0f) + exp8(-x)); });
}
