//===- KernelAgreementTest.cpp - oneDNN vs reference kernels --------------===//
//
// The oneDNN kernels must compute what the reference kernels define, on many
// shapes and attributes: grouped, depthwise, dilated, strided, padded,
// transposed convolutions; ceil-mode and padded pools; batched matmuls. Also
// checks that the reference kernels are bitwise identical for any thread
// count.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Kernels.h"
#include "ir/ShapeInference.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

using namespace mlir::nndct;

namespace {

std::vector<float> randomVector(std::mt19937 &rng, size_t n) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

void expectClose(const std::vector<float> &a, const std::vector<float> &b,
                 const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_NEAR(a[i], b[i], 1e-4f * (1 + std::fabs(b[i])))
        << what << " at " << i;
}

struct ConvCase {
  int64_t n, c, h, w, o, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, g;
  bool transposed;
  int64_t outPadH = 0, outPadW = 0;
};

ConvParams makeConv(const ConvCase &t) {
  ConvParams p;
  p.n = t.n;
  p.c = t.c;
  p.h = t.h;
  p.w = t.w;
  p.o = t.o;
  p.kh = t.kh;
  p.kw = t.kw;
  p.strideH = t.sh;
  p.strideW = t.sw;
  p.padTop = t.pt;
  p.padLeft = t.pl;
  p.padBottom = t.pb;
  p.padRight = t.pr;
  p.dilationH = t.dh;
  p.dilationW = t.dw;
  p.groups = t.g;
  p.transposed = t.transposed;
  if (t.transposed) {
    p.oh = transposedOutputSize(t.h, t.kh, t.sh, t.pt, t.pb, t.dh, t.outPadH);
    p.ow = transposedOutputSize(t.w, t.kw, t.sw, t.pl, t.pr, t.dw, t.outPadW);
  } else {
    p.oh = windowOutputSize(t.h, t.kh, t.sh, t.pt, t.pb, t.dh);
    p.ow = windowOutputSize(t.w, t.kw, t.sw, t.pl, t.pr, t.dw);
  }
  return p;
}

} // namespace

TEST(KernelAgreement, Conv) {
  std::vector<ConvCase> cases = {
      {1, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, false},
      {2, 4, 9, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2,
       false}, // grouped, strided
      {1, 8, 10, 10, 8, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 8,
       false}, // depthwise dilated
      {1, 8, 11, 11, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 8,
       false}, // depthwise multiplier 2
      {1, 3, 12, 10, 5, 5, 3, 2, 1, 2, 0, 1, 1, 1, 2, 1,
       false}, // asymmetric pads
      {1, 5, 6, 6, 7, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, false}, // pointwise
      {1, 4, 7, 7, 2, 7, 7, 1, 1, 0, 0, 0, 0, 1, 1, 1, false}, // full-window
      {1, 4, 4, 4, 3, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, true},  // transposed
      {2, 4, 5, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, true, 1,
       1}, // grouped + output_padding
      {1, 2, 5, 4, 3, 3, 3, 1, 1, 0, 0, 0, 0, 2, 2, 1,
       true}, // dilated transposed
      {1, 6, 6, 6, 6, 4, 4, 2, 2, 1, 1, 1, 1, 1, 1, 6,
       true}, // depthwise transposed
  };
  std::mt19937 rng(42);
  for (size_t i = 0; i < cases.size(); ++i) {
    ConvParams p = makeConv(cases[i]);
    auto in = randomVector(rng, p.n * p.c * p.h * p.w);
    int64_t wsize = p.transposed ? p.c * (p.o / p.groups) * p.kh * p.kw
                                 : p.o * (p.c / p.groups) * p.kh * p.kw;
    auto wt = randomVector(rng, wsize);
    auto bias = randomVector(rng, p.o);
    size_t outSize = p.n * p.o * p.oh * p.ow;
    std::vector<float> ref(outSize), fast(outSize, NAN), ref2(outSize);
    reference::conv2d(p, in.data(), wt.data(), bias.data(), ref.data(), 1);
    reference::conv2d(p, in.data(), wt.data(), bias.data(), ref2.data(), 2);
    EXPECT_EQ(ref, ref2) << "conv case " << i << " depends on thread count";
    ASSERT_TRUE(onednn::supports(p)) << "conv case " << i;
    onednn::conv2d(p, in.data(), wt.data(), bias.data(), fast.data());
    expectClose(fast, ref, "conv case " + std::to_string(i));
    // Without bias too.
    reference::conv2d(p, in.data(), wt.data(), nullptr, ref.data(), 1);
    onednn::conv2d(p, in.data(), wt.data(), nullptr, fast.data());
    expectClose(fast, ref, "conv (no bias) case " + std::to_string(i));
  }
}

TEST(KernelAgreement, Pool) {
  struct PoolCase {
    int64_t h, w, k, s, pt, pl, pb, pr, d;
    bool ceil, isMax, countPad;
  };
  std::vector<PoolCase> cases = {
      {8, 8, 2, 2, 0, 0, 0, 0, 1, false, true, true},
      {7, 7, 3, 2, 1, 1, 1, 1, 1, false, true, true},
      {8, 8, 3, 2, 0, 0, 0, 0, 1, true, true, true},   // ceil_mode max
      {9, 9, 3, 2, 1, 1, 1, 1, 2, false, true, true},  // dilated max
      {8, 8, 3, 1, 1, 1, 1, 1, 1, false, false, true}, // avg include pad
      {8, 8, 3, 1, 1, 1, 1, 1, 1, false, false, false},
      {8, 8, 3, 2, 0, 0, 0, 0, 1, true, false, false}, // ceil avg exclude
      {8, 8, 3, 2, 1, 1, 1, 1, 1, true, false,
       true}, // ceil avg include: reference only
      {6, 5, 2, 2, 0, 1, 0, 1, 1, false, false, true},
  };
  std::mt19937 rng(7);
  for (size_t i = 0; i < cases.size(); ++i) {
    const PoolCase &t = cases[i];
    PoolParams p;
    p.n = 2;
    p.c = 3;
    p.h = t.h;
    p.w = t.w;
    p.kh = p.kw = t.k;
    p.strideH = p.strideW = t.s;
    p.padTop = t.pt;
    p.padLeft = t.pl;
    p.padBottom = t.pb;
    p.padRight = t.pr;
    p.dilationH = p.dilationW = t.d;
    p.isMax = t.isMax;
    p.countIncludePad = t.countPad;
    p.oh = windowOutputSize(t.h, t.k, t.s, t.pt, t.pb, t.d, t.ceil);
    p.ow = windowOutputSize(t.w, t.k, t.s, t.pl, t.pr, t.d, t.ceil);
    auto in = randomVector(rng, p.n * p.c * p.h * p.w);
    size_t outSize = p.n * p.c * p.oh * p.ow;
    std::vector<float> ref(outSize), fast(outSize), ref2(outSize);
    reference::pool2d(p, in.data(), ref.data(), 1);
    reference::pool2d(p, in.data(), ref2.data(), 2);
    EXPECT_EQ(ref, ref2);
    if (!onednn::supports(p))
      continue;
    onednn::pool2d(p, in.data(), fast.data());
    expectClose(fast, ref, "pool case " + std::to_string(i));
  }
}

TEST(KernelAgreement, PoolCeilModeDivisor) {
  // PyTorch: avg_pool2d(ones(1,1,3,3), 2, 2, ceil_mode=True,
  // count_include_pad=True) = [[1,1],[1,1]] — the overhang is not counted.
  PoolParams p;
  p.h = p.w = 3;
  p.kh = p.kw = 2;
  p.strideH = p.strideW = 2;
  p.oh = p.ow = windowOutputSize(3, 2, 2, 0, 0, 1, true);
  ASSERT_EQ(p.oh, 2);
  p.isMax = false;
  std::vector<float> in(9, 1.0f), out(4);
  reference::pool2d(p, in.data(), out.data(), 1);
  for (float v : out)
    EXPECT_EQ(v, 1.0f);
  // With padding 1 and count_include_pad: corner window covers 1 real + 3 pad.
  p.padTop = p.padLeft = p.padBottom = p.padRight = 1;
  p.oh = p.ow = windowOutputSize(3, 2, 2, 1, 1, 1, false);
  std::vector<float> out2(p.oh * p.ow);
  reference::pool2d(p, in.data(), out2.data(), 1);
  EXPECT_EQ(out2[0], 0.25f);
}

TEST(KernelAgreement, MatMul) {
  struct MMCase {
    int64_t batch, m, k, n;
    bool shareA, shareB, transB;
  };
  std::vector<MMCase> cases = {
      {1, 1, 64, 10, false, false, true}, {1, 7, 5, 3, false, false, false},
      {3, 4, 6, 5, false, false, false},  {3, 4, 6, 5, false, true, false},
      {4, 2, 3, 8, true, false, false},   {2, 16, 33, 17, false, false, true},
  };
  std::mt19937 rng(3);
  for (size_t i = 0; i < cases.size(); ++i) {
    const MMCase &t = cases[i];
    MatMulParams p;
    p.batch = t.batch;
    p.m = t.m;
    p.k = t.k;
    p.n = t.n;
    p.transB = t.transB;
    p.strideA = t.shareA ? 0 : t.m * t.k;
    p.strideB = t.shareB ? 0 : t.k * t.n;
    auto a = randomVector(rng, (t.shareA ? 1 : t.batch) * t.m * t.k);
    auto b = randomVector(rng, (t.shareB ? 1 : t.batch) * t.k * t.n);
    auto bias = randomVector(rng, t.n);
    size_t outSize = t.batch * t.m * t.n;
    std::vector<float> ref(outSize), fast(outSize), ref2(outSize);
    reference::matmul(p, a.data(), b.data(), bias.data(), ref.data(), 1);
    reference::matmul(p, a.data(), b.data(), bias.data(), ref2.data(), 2);
    EXPECT_EQ(ref, ref2);
    onednn::matmul(p, a.data(), b.data(), bias.data(), fast.data());
    expectClose(fast, ref, "matmul case " + std::to_string(i));
  }
}

// 3-D (volumetric) convolution, transposed convolution and pooling: the
// reference loops and the oneDNN primitives with 5-D descriptors agree.
TEST(KernelAgreement, Volumetric) {
  std::mt19937 rng(5);
  for (bool transposed : {false, true}) {
    for (int64_t groups : {1, 2}) {
      ConvParams p;
      p.volumetric = true;
      p.transposed = transposed;
      p.n = 2;
      p.c = 4;
      p.o = 6;
      p.groups = groups;
      p.d = 4;
      p.h = 5;
      p.w = 6;
      p.kd = 2;
      p.kh = 3;
      p.kw = 3;
      p.strideD = 2;
      p.strideW = 2;
      p.padTop = 1;
      p.padBottom = 1;
      // (A transposed output padding beyond the begin padding is the
      // reference kernel's alone: oneDNN would need a negative end padding.)
      p.padFront = p.padBack = 1;
      p.dilationW = 2;
      if (transposed) {
        p.od = transposedOutputSize(p.d, p.kd, p.strideD, p.padFront, p.padBack,
                                    p.dilationD, 1);
        p.oh = transposedOutputSize(p.h, p.kh, p.strideH, p.padTop, p.padBottom,
                                    p.dilationH, 0);
        p.ow = transposedOutputSize(p.w, p.kw, p.strideW, p.padLeft, p.padRight,
                                    p.dilationW, 0);
      } else {
        p.od = windowOutputSize(p.d, p.kd, p.strideD, p.padFront, p.padBack,
                                p.dilationD);
        p.oh = windowOutputSize(p.h, p.kh, p.strideH, p.padTop, p.padBottom,
                                p.dilationH);
        p.ow = windowOutputSize(p.w, p.kw, p.strideW, p.padLeft, p.padRight,
                                p.dilationW);
      }
      std::string what = std::string(transposed ? "transposed " : "") +
                         "conv3d groups " + std::to_string(groups);
      auto in = randomVector(rng, p.n * p.c * p.d * p.h * p.w);
      auto wt = randomVector(rng, p.o * (p.c / p.groups) * p.kd * p.kh * p.kw);
      auto bias = randomVector(rng, p.o);
      size_t outSize = p.n * p.o * p.od * p.oh * p.ow;
      std::vector<float> ref(outSize), ref2(outSize), fast(outSize, NAN);
      reference::conv2d(p, in.data(), wt.data(), bias.data(), ref.data(), 1);
      reference::conv2d(p, in.data(), wt.data(), bias.data(), ref2.data(), 2);
      EXPECT_EQ(ref, ref2) << what << " depends on thread count";
      ASSERT_TRUE(onednn::supports(p)) << what;
      onednn::conv2d(p, in.data(), wt.data(), bias.data(), fast.data());
      expectClose(fast, ref, what);
    }
  }
  for (int kind = 0; kind < 3; ++kind) {
    PoolParams p;
    p.volumetric = true;
    p.isMax = kind == 0;
    p.countIncludePad = kind == 1;
    p.n = 1;
    p.c = 3;
    p.d = 5;
    p.h = 6;
    p.w = 7;
    p.kd = p.kh = p.kw = 3;
    p.strideD = 2;
    p.strideH = 1;
    p.strideW = 2;
    p.padFront = p.padBack = 1;
    p.padLeft = p.padRight = 1;
    p.od = windowOutputSize(p.d, p.kd, p.strideD, p.padFront, p.padBack, 1);
    p.oh = windowOutputSize(p.h, p.kh, p.strideH, p.padTop, p.padBottom, 1);
    p.ow = windowOutputSize(p.w, p.kw, p.strideW, p.padLeft, p.padRight, 1);
    auto in = randomVector(rng, p.n * p.c * p.d * p.h * p.w);
    size_t outSize = p.n * p.c * p.od * p.oh * p.ow;
    std::vector<float> ref(outSize), fast(outSize, NAN);
    reference::pool2d(p, in.data(), ref.data(), 1);
    ASSERT_TRUE(onednn::supports(p)) << "pool3d kind " << kind;
    onednn::pool2d(p, in.data(), fast.data());
    expectClose(fast, ref, "pool3d kind " + std::to_string(kind));
  }
}
