//===- ThreadDeterminismTest.cpp - oneDNN results vs thread count --------===//
//
// The interpreter promises bitwise identical results for any --threads. The
// reference kernels guarantee it by construction (KernelAgreementTest); this
// checks the oneDNN kernels on realistic CNN shapes (3x3, pointwise,
// depthwise, strided, transposed convolutions, pools, classifier-sized and
// square matmuls): prepared and run with 1 and with 2 threads, every output
// bit must agree.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Kernels.h"

#include <cstring>
#include <gtest/gtest.h>
#include <random>

using namespace mlir::nndct;

namespace {

std::vector<float> randomVector(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

void expectBitwise(const std::vector<float> &a, const std::vector<float> &b,
                   const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  size_t differ = 0;
  for (size_t i = 0; i < a.size(); ++i)
    differ += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
  EXPECT_EQ(differ, 0u) << what << ": " << differ << " of " << a.size()
                        << " outputs differ between 1 and 2 threads";
}

struct Conv {
  int64_t c, h, o, k, s, g;
  bool transposed = false;
};

} // namespace

TEST(ThreadDeterminism, OneDNNConv) {
  const Conv cases[] = {
      {64, 56, 64, 3, 1, 1},       {32, 112, 64, 1, 1, 1},
      {256, 14, 512, 1, 2, 1},     {96, 28, 96, 3, 1, 96},
      {96, 28, 96, 5, 2, 96},      {3, 224, 32, 7, 2, 1},
      {1024, 7, 1024, 1, 1, 1},    {16, 24, 16, 3, 1, 1},
      {64, 14, 32, 2, 2, 1, true}, {128, 7, 64, 4, 2, 1, true}};
  for (const Conv &t : cases) {
    ConvParams p;
    p.c = t.c;
    p.h = p.w = t.h;
    p.o = t.o;
    p.kh = p.kw = t.k;
    p.strideH = p.strideW = t.s;
    p.groups = t.g;
    p.transposed = t.transposed;
    int64_t pad = t.transposed ? 0 : t.k / 2;
    p.padTop = p.padLeft = p.padBottom = p.padRight = pad;
    p.oh = p.ow =
        t.transposed ? (t.h - 1) * t.s + t.k : (t.h + 2 * pad - t.k) / t.s + 1;
    std::vector<float> in = randomVector(p.c * p.h * p.w, 1);
    std::vector<float> wt =
        randomVector(p.o * (p.c / p.groups) * p.kh * p.kw, 2);
    std::vector<float> bias = randomVector(p.o, 3);
    std::vector<float> one(p.o * p.oh * p.ow), two(one.size());
    onednn::setThreads(1);
    onednn::conv2d(p, in.data(), wt.data(), bias.data(), one.data());
    onednn::setThreads(2);
    onednn::conv2d(p, in.data(), wt.data(), bias.data(), two.data());
    onednn::setThreads(1);
    expectBitwise(one, two,
                  "conv c" + std::to_string(t.c) + " h" + std::to_string(t.h) +
                      " o" + std::to_string(t.o) + " k" + std::to_string(t.k) +
                      " s" + std::to_string(t.s) + " g" + std::to_string(t.g) +
                      (t.transposed ? " transposed" : ""));
  }
}

TEST(ThreadDeterminism, OneDNNPool) {
  for (bool isMax : {true, false}) {
    PoolParams p;
    p.c = 64;
    p.h = p.w = 56;
    p.kh = p.kw = 3;
    p.strideH = p.strideW = 2;
    p.padTop = p.padLeft = p.padBottom = p.padRight = 1;
    p.oh = p.ow = 28;
    p.isMax = isMax;
    std::vector<float> in = randomVector(p.c * p.h * p.w, 4);
    std::vector<float> one(p.c * p.oh * p.ow), two(one.size());
    onednn::setThreads(1);
    onednn::pool2d(p, in.data(), one.data());
    onednn::setThreads(2);
    onednn::pool2d(p, in.data(), two.data());
    onednn::setThreads(1);
    expectBitwise(one, two, isMax ? "max pool" : "avg pool");
  }
}

TEST(ThreadDeterminism, OneDNNMatMul) {
  struct Case {
    int64_t batch, m, k, n;
    bool transB;
  };
  const Case cases[] = {{1, 1, 1280, 1000, true}, {1, 1, 4096, 10, true},
                        {1, 64, 64, 64, false},   {4, 49, 512, 512, false},
                        {1, 256, 2048, 1, false}, {1, 8, 25088, 4096, true}};
  for (const Case &t : cases) {
    MatMulParams p;
    p.batch = t.batch;
    p.m = t.m;
    p.k = t.k;
    p.n = t.n;
    p.transB = t.transB;
    p.strideA = t.m * t.k;
    p.strideB = t.k * t.n;
    std::vector<float> a = randomVector(t.batch * t.m * t.k, 5);
    std::vector<float> b = randomVector(t.batch * t.k * t.n, 6);
    std::vector<float> bias = randomVector(t.n, 7);
    std::vector<float> one(t.batch * t.m * t.n), two(one.size());
    onednn::setThreads(1);
    onednn::matmul(p, a.data(), b.data(), bias.data(), one.data());
    onednn::setThreads(2);
    onednn::matmul(p, a.data(), b.data(), bias.data(), two.data());
    onednn::setThreads(1);
    expectBitwise(one, two,
                  "matmul " + std::to_string(t.batch) + "x" +
                      std::to_string(t.m) + "x" + std::to_string(t.k) + "x" +
                      std::to_string(t.n));
  }
}
