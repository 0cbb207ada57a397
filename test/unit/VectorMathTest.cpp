//===- VectorMathTest.cpp - vectorized exp, sigmoid, SiLU -----------------===//
//
// The array functions against std::exp over the whole float range that
// matters, their limits (overflow, underflow, NaN, +-0), and that a value's
// result does not depend on where it sits in the array (a tail element
// gives the bits of the same value in the vector body: chunking by threads
// cannot change results).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/VectorMath.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace mlir::nndct;

namespace {
uint32_t bitsOf(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
} // namespace

TEST(VectorMath, ExpWithinTwoUlpOfStd) {
  std::vector<float> x;
  for (float v = -85.0f; v < 88.0f; v += 0.0137f)
    x.push_back(v);
  std::vector<float> y(x.size());
  vmath::expArray(x.data(), y.data(), int64_t(x.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    float want = std::exp(x[i]);
    float ulp = std::nextafter(want, INFINITY) - want;
    EXPECT_LE(std::fabs(y[i] - want), 2 * ulp) << "x = " << x[i];
  }
}

TEST(VectorMath, Limits) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,
                          -0.0f,
                          100.0f,
                          inf,
                          -100.0f,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> e(x.size()), s(x.size()), q(x.size());
  vmath::expArray(x.data(), e.data(), int64_t(x.size()));
  vmath::sigmoidArray(x.data(), s.data(), int64_t(x.size()));
  vmath::siluArray(x.data(), q.data(), int64_t(x.size()));
  EXPECT_EQ(e[0], 1.0f);
  EXPECT_EQ(e[1], 1.0f);
  EXPECT_EQ(e[2], inf);
  EXPECT_EQ(e[3], inf);
  EXPECT_EQ(e[4], 0.0f);
  EXPECT_EQ(e[5], 0.0f);
  EXPECT_TRUE(std::isnan(e[6]));
  EXPECT_EQ(s[0], 0.5f);
  EXPECT_EQ(s[2], 1.0f);
  EXPECT_EQ(s[3], 1.0f);
  EXPECT_EQ(s[4], 0.0f);
  EXPECT_EQ(s[5], 0.0f);
  EXPECT_TRUE(std::isnan(s[6]));
  EXPECT_EQ(q[0], 0.0f);
  EXPECT_EQ(q[2], 100.0f);
  EXPECT_EQ(q[3], inf);
  EXPECT_EQ(q[4], -0.0f);
  EXPECT_TRUE(std::isnan(q[6]));
}

TEST(VectorMath, SigmoidAndSiluMatchTheirDefinition) {
  std::vector<float> x;
  for (float v = -30.0f; v < 30.0f; v += 0.071f)
    x.push_back(v);
  std::vector<float> s(x.size()), q(x.size());
  vmath::sigmoidArray(x.data(), s.data(), int64_t(x.size()));
  vmath::siluArray(x.data(), q.data(), int64_t(x.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    double sig = 1.0 / (1.0 + std::exp(-double(x[i])));
    EXPECT_NEAR(s[i], sig, 3e-7 * sig + 1e-30) << x[i];
    EXPECT_NEAR(q[i], x[i] * sig, 3e-7 * std::fabs(x[i] * sig) + 1e-30) << x[i];
  }
}

TEST(VectorMath, ResultIndependentOfPosition) {
  std::vector<float> x;
  for (int i = 0; i < 203; ++i)
    x.push_back(-12.0f + 0.1173f * float(i));
  std::vector<float> whole(x.size());
  vmath::sigmoidArray(x.data(), whole.data(), int64_t(x.size()));
  for (size_t start = 0; start < x.size(); start += 13) {
    size_t n = std::min<size_t>(13, x.size() - start);
    std::vector<float> part(n);
    vmath::sigmoidArray(x.data() + start, part.data(), int64_t(n));
    for (size_t i = 0; i < n; ++i)
      EXPECT_EQ(bitsOf(part[i]), bitsOf(whole[start + i])) << start + i;
  }
}
