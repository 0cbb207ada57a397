//===- ReferenceKernels.cpp - plain loops defining the numerics -----------===//
//
// Straightforward, obviously-correct convolution, pooling and matrix product.
// Each output element is accumulated by one thread in a fixed order (input
// channel, then kernel row, then kernel column), so results never depend on
// the thread count.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Kernels.h"
#include "backends/interpreter/Parallel.h"

#include <algorithm>
#include <limits>

using namespace mlir::nndct;

static void convForward(const ConvParams &p, const float *in, const float *wt,
                        const float *bias, float *out, int threads) {
  int64_t cg = p.c / p.groups, og = p.o / p.groups;
  int64_t inPlane = p.d * p.h * p.w, outPlane = p.od * p.oh * p.ow,
          kPlane = p.kd * p.kh * p.kw;
  parallelFor(p.n * p.o, threads, [&](int64_t begin, int64_t end) {
    for (int64_t no = begin; no < end; ++no) {
      int64_t n = no / p.o, o = no % p.o, g = o / og;
      float *dst = out + no * outPlane;
      for (int64_t z = 0; z < p.od; ++z)
        for (int64_t y = 0; y < p.oh; ++y)
          for (int64_t x = 0; x < p.ow; ++x) {
            float acc = bias ? bias[o] : 0.0f;
            for (int64_t ci = 0; ci < cg; ++ci) {
              const float *src = in + ((n * p.c) + g * cg + ci) * inPlane;
              const float *w = wt + (o * cg + ci) * kPlane;
              for (int64_t kz = 0; kz < p.kd; ++kz) {
                int64_t iz = z * p.strideD - p.padFront + kz * p.dilationD;
                if (iz < 0 || iz >= p.d)
                  continue;
                for (int64_t ky = 0; ky < p.kh; ++ky) {
                  int64_t iy = y * p.strideH - p.padTop + ky * p.dilationH;
                  if (iy < 0 || iy >= p.h)
                    continue;
                  for (int64_t kx = 0; kx < p.kw; ++kx) {
                    int64_t ix = x * p.strideW - p.padLeft + kx * p.dilationW;
                    if (ix < 0 || ix >= p.w)
                      continue;
                    acc += src[(iz * p.h + iy) * p.w + ix] *
                           w[(kz * p.kh + ky) * p.kw + kx];
                  }
                }
              }
            }
            dst[(z * p.oh + y) * p.ow + x] = acc;
          }
    }
  });
}

/// The input index a transposed window tap reads along one dimension, or -1.
static int64_t transposedTap(int64_t out, int64_t pad, int64_t k,
                             int64_t dilation, int64_t stride, int64_t in) {
  int64_t n = out + pad - k * dilation;
  if (n < 0 || n % stride)
    return -1;
  n /= stride;
  return n < in ? n : -1;
}

static void convTransposed(const ConvParams &p, const float *in,
                           const float *wt, const float *bias, float *out,
                           int threads) {
  // Weight is [C, O/groups, (KD,) KH, KW]; gather form: each output element
  // sums over the input positions that scatter into it.
  int64_t cg = p.c / p.groups, og = p.o / p.groups;
  int64_t inPlane = p.d * p.h * p.w, outPlane = p.od * p.oh * p.ow,
          kPlane = p.kd * p.kh * p.kw;
  parallelFor(p.n * p.o, threads, [&](int64_t begin, int64_t end) {
    for (int64_t no = begin; no < end; ++no) {
      int64_t n = no / p.o, o = no % p.o, g = o / og, oi = o % og;
      float *dst = out + no * outPlane;
      for (int64_t z = 0; z < p.od; ++z)
        for (int64_t y = 0; y < p.oh; ++y)
          for (int64_t x = 0; x < p.ow; ++x) {
            float acc = bias ? bias[o] : 0.0f;
            for (int64_t ci = 0; ci < cg; ++ci) {
              int64_t c = g * cg + ci;
              const float *src = in + (n * p.c + c) * inPlane;
              const float *w = wt + (c * og + oi) * kPlane;
              for (int64_t kz = 0; kz < p.kd; ++kz) {
                int64_t iz = transposedTap(z, p.padFront, kz, p.dilationD,
                                           p.strideD, p.d);
                if (iz < 0)
                  continue;
                for (int64_t ky = 0; ky < p.kh; ++ky) {
                  int64_t iy = transposedTap(y, p.padTop, ky, p.dilationH,
                                             p.strideH, p.h);
                  if (iy < 0)
                    continue;
                  for (int64_t kx = 0; kx < p.kw; ++kx) {
                    int64_t ix = transposedTap(x, p.padLeft, kx, p.dilationW,
                                               p.strideW, p.w);
                    if (ix < 0)
                      continue;
                    acc += src[(iz * p.h + iy) * p.w + ix] *
                           w[(kz * p.kh + ky) * p.kw + kx];
                  }
                }
              }
            }
            dst[(z * p.oh + y) * p.ow + x] = acc;
          }
    }
  });
}

void reference::conv2d(const ConvParams &p, const float *input,
                       const float *weight, const float *bias, float *output,
                       int threads) {
  if (p.transposed)
    convTransposed(p, input, weight, bias, output, threads);
  else
    convForward(p, input, weight, bias, output, threads);
}

void reference::pool2d(const PoolParams &p, const float *input, float *output,
                       int threads) {
  int64_t inPlane = p.d * p.h * p.w, outPlane = p.od * p.oh * p.ow;
  parallelFor(p.n * p.c, threads, [&](int64_t begin, int64_t end) {
    for (int64_t nc = begin; nc < end; ++nc) {
      const float *src = input + nc * inPlane;
      float *dst = output + nc * outPlane;
      for (int64_t z = 0; z < p.od; ++z)
        for (int64_t y = 0; y < p.oh; ++y)
          for (int64_t x = 0; x < p.ow; ++x) {
            int64_t z0 = z * p.strideD - p.padFront,
                    y0 = y * p.strideH - p.padTop,
                    x0 = x * p.strideW - p.padLeft;
            float &result = dst[(z * p.oh + y) * p.ow + x];
            if (p.isMax) {
              float best = -std::numeric_limits<float>::infinity();
              for (int64_t kz = 0; kz < p.kd; ++kz) {
                int64_t iz = z0 + kz * p.dilationD;
                if (iz < 0 || iz >= p.d)
                  continue;
                for (int64_t ky = 0; ky < p.kh; ++ky) {
                  int64_t iy = y0 + ky * p.dilationH;
                  if (iy < 0 || iy >= p.h)
                    continue;
                  for (int64_t kx = 0; kx < p.kw; ++kx) {
                    int64_t ix = x0 + kx * p.dilationW;
                    if (ix < 0 || ix >= p.w)
                      continue;
                    float v = src[(iz * p.h + iy) * p.w + ix];
                    if (v > best || v != v)
                      best = v;
                  }
                }
              }
              result = best;
              continue;
            }
            // Average (no dilation): PyTorch/ONNX semantics.
            int64_t zEnd = std::min(z0 + p.kd, p.d + p.padBack);
            int64_t yEnd = std::min(y0 + p.kh, p.h + p.padBottom);
            int64_t xEnd = std::min(x0 + p.kw, p.w + p.padRight);
            int64_t padded = (zEnd - z0) * (yEnd - y0) * (xEnd - x0);
            int64_t zs = std::max<int64_t>(z0, 0),
                    ys = std::max<int64_t>(y0, 0),
                    xs = std::max<int64_t>(x0, 0);
            int64_t ze = std::min(zEnd, p.d), ye = std::min(yEnd, p.h),
                    xe = std::min(xEnd, p.w);
            float sum = 0.0f;
            for (int64_t iz = zs; iz < ze; ++iz)
              for (int64_t iy = ys; iy < ye; ++iy)
                for (int64_t ix = xs; ix < xe; ++ix)
                  sum += src[(iz * p.h + iy) * p.w + ix];
            int64_t valid = (ze > zs && ye > ys && xe > xs)
                                ? (ze - zs) * (ye - ys) * (xe - xs)
                                : 0;
            int64_t count = p.countIncludePad ? padded : valid;
            result = count > 0 ? sum / float(count) : 0.0f;
          }
    }
  });
}

void reference::matmul(const MatMulParams &p, const float *a, const float *b,
                       const float *bias, float *output, int threads) {
  parallelFor(p.batch * p.m, threads, [&](int64_t begin, int64_t end) {
    for (int64_t bm = begin; bm < end; ++bm) {
      int64_t bi = bm / p.m, i = bm % p.m;
      const float *ra = a + bi * p.strideA + i * p.k;
      const float *mb = b + bi * p.strideB;
      float *dst = output + bm * p.n;
      for (int64_t j = 0; j < p.n; ++j) {
        float acc = bias ? bias[j] : 0.0f;
        if (p.transB) {
          const float *rb = mb + j * p.k;
          for (int64_t kk = 0; kk < p.k; ++kk)
            acc += ra[kk] * rb[kk];
        } else {
          for (int64_t kk = 0; kk < p.k; ++kk)
            acc += ra[kk] * mb[kk * p.n + j];
        }
        dst[j] = acc;
      }
    }
  });
}
