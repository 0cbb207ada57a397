//===- FixArithmeticTest.cpp - rounding modes and the fix formula ---------===//
//
// Ties (x * 2^fp exactly .5), negative ties, saturation and negative fix
// points for every round mode of the quantization spec.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/FixArithmetic.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::nndct;

TEST(FixArithmetic, HalfUpTiesTowardPlusInfinity) {
  EXPECT_EQ(roundWithMode(2.5, Rounding::HalfUp), 3);
  EXPECT_EQ(roundWithMode(-2.5, Rounding::HalfUp), -2);
  EXPECT_EQ(roundWithMode(-0.5, Rounding::HalfUp), 0);
  EXPECT_EQ(roundWithMode(0.5, Rounding::HalfUp), 1);
  EXPECT_EQ(roundWithMode(-2.6, Rounding::HalfUp), -3);
  EXPECT_EQ(roundWithMode(2.4, Rounding::HalfUp), 2);
}

TEST(FixArithmetic, StdRoundTiesAwayFromZero) {
  EXPECT_EQ(roundWithMode(2.5, Rounding::StdRound), 3);
  EXPECT_EQ(roundWithMode(-2.5, Rounding::StdRound), -3);
  EXPECT_EQ(roundWithMode(-0.5, Rounding::StdRound), -1);
  EXPECT_EQ(roundWithMode(1.49, Rounding::StdRound), 1);
}

TEST(FixArithmetic, HalfEvenTiesToEven) {
  EXPECT_EQ(roundWithMode(2.5, Rounding::HalfEven), 2);
  EXPECT_EQ(roundWithMode(3.5, Rounding::HalfEven), 4);
  EXPECT_EQ(roundWithMode(-2.5, Rounding::HalfEven), -2);
  EXPECT_EQ(roundWithMode(-3.5, Rounding::HalfEven), -4);
  EXPECT_EQ(roundWithMode(-0.5, Rounding::HalfEven), 0);
  EXPECT_EQ(roundWithMode(2.51, Rounding::HalfEven), 3);
}

TEST(FixArithmetic, Floor) {
  EXPECT_EQ(roundWithMode(2.9, Rounding::Floor), 2);
  EXPECT_EQ(roundWithMode(-2.1, Rounding::Floor), -3);
  EXPECT_EQ(roundWithMode(-2.5, Rounding::Floor), -3);
}

TEST(FixArithmetic, Ranges) {
  FixRange s8 = fixRange(8, true), u8 = fixRange(8, false),
           s4 = fixRange(4, true);
  EXPECT_EQ(s8.qmin, -128);
  EXPECT_EQ(s8.qmax, 127);
  EXPECT_EQ(u8.qmin, 0);
  EXPECT_EQ(u8.qmax, 255);
  EXPECT_EQ(s4.qmin, -8);
  EXPECT_EQ(s4.qmax, 7);
}

TEST(FixArithmetic, TiesAfterScaling) {
  FixRange r = fixRange(8, true);
  // fp = 2: x * 4 = 2.5 / -2.5 exactly.
  EXPECT_EQ(fixValue(0.625f, 2, Rounding::HalfUp, r), 0.75f);
  EXPECT_EQ(fixValue(-0.625f, 2, Rounding::HalfUp, r), -0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, Rounding::StdRound, r), -0.75f);
  EXPECT_EQ(fixValue(0.625f, 2, Rounding::HalfEven, r), 0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, Rounding::HalfEven, r), -0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, Rounding::Floor, r), -0.75f);
  // fp = 7: x * 128 = 0.5 (the smallest positive tie).
  EXPECT_EQ(fixValue(0.00390625f, 7, Rounding::HalfUp, r), 0.0078125f);
  EXPECT_EQ(fixValue(-0.00390625f, 7, Rounding::HalfUp, r), 0.0f);
  EXPECT_EQ(fixValue(-0.00390625f, 7, Rounding::StdRound, r), -0.0078125f);
}

TEST(FixArithmetic, Saturation) {
  FixRange r = fixRange(8, true);
  EXPECT_EQ(fixValue(100.0f, 4, Rounding::HalfUp, r), 127.0f / 16);
  EXPECT_EQ(fixValue(-100.0f, 4, Rounding::HalfUp, r), -8.0f);
  EXPECT_EQ(fixQuantize(-100.0f, 4, Rounding::HalfUp, r), -128);
  // A tie at the top edge still saturates: 127.5 -> 128 -> 127.
  EXPECT_EQ(fixQuantize(127.5f, 0, Rounding::HalfUp, r), 127);
  FixRange u = fixRange(8, false);
  EXPECT_EQ(fixValue(-1.0f, 0, Rounding::HalfUp, u), 0.0f);
}

TEST(FixArithmetic, NegativeFixPoint) {
  FixRange r = fixRange(8, true);
  // fp = -2: step 4; 6 / 4 = 1.5 -> 2 (half_up) -> 8.
  EXPECT_EQ(fixValue(6.0f, -2, Rounding::HalfUp, r), 8.0f);
  EXPECT_EQ(fixValue(-6.0f, -2, Rounding::HalfUp, r), -4.0f);
  EXPECT_EQ(fixValue(-6.0f, -2, Rounding::HalfEven, r), -8.0f);
}

TEST(FixArithmetic, LargeMagnitudeIsExact) {
  // 2^24 + 0.5 is not a float, but x * 2^fp is formed in double.
  FixRange r = fixRange(32, true);
  float x = 8388609.0f; // 2^23 + 1
  EXPECT_EQ(fixQuantize(x, 1, Rounding::HalfUp, r), 16777218.0);
  EXPECT_EQ(fixQuantize(x / 2, 0, Rounding::HalfUp, r), 4194305.0);
  EXPECT_EQ(fixQuantize(-x / 2, 0, Rounding::HalfUp, r), -4194304.0);
}

TEST(FixArithmetic, NaNPropagates) {
  FixRange r = fixRange(8, true);
  EXPECT_TRUE(std::isnan(fixValue(NAN, 3, Rounding::HalfUp, r)));
}

TEST(FixArithmetic, ArrayInPlace) {
  FixRange r = fixRange(8, true);
  float v[4] = {0.625f, -0.625f, 1.0f, 40.0f};
  fixArray(v, v, 4, 2, Rounding::HalfUp, r);
  EXPECT_EQ(v[0], 0.75f);
  EXPECT_EQ(v[1], -0.5f);
  EXPECT_EQ(v[2], 1.0f);
  EXPECT_EQ(v[3], 127.0f / 4);
}

// fixArray's fast path (a multiplication by 2^fp, clamp, then rounding)
// gives fixValue's bits for every mode: ties, saturation, -0, NaN, inf,
// subnormals, and values far outside the range.
TEST(FixArithmetic, ArrayMatchesValueBitForBit) {
  std::vector<float> xs = {0.0f,         -0.0f,   0.625f,  -0.625f, 0.00390625f,
                           -0.00390625f, 127.5f,  -128.5f, 1e30f,   -1e30f,
                           1e-40f,       -1e-40f, 3.3f,    -7.77f};
  xs.push_back(std::numeric_limits<float>::infinity());
  xs.push_back(-std::numeric_limits<float>::infinity());
  xs.push_back(std::numeric_limits<float>::quiet_NaN());
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-300.0f, 300.0f);
  for (int i = 0; i < 2000; ++i)
    xs.push_back(u(rng));
  for (int i = -40; i <= 40; ++i) // ties at every fix point below
    xs.push_back(std::ldexp(float(2 * i + 1), -3));
  auto bits = [](float f) {
    uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return b;
  };
  for (Rounding mode : {Rounding::HalfUp, Rounding::StdRound,
                        Rounding::HalfEven, Rounding::Floor})
    for (auto [bitWidth, isSigned] : {std::pair{8, true}, std::pair{8, false},
                                      std::pair{4, true}, std::pair{16, true}})
      for (int64_t fp : {-3, 0, 2, 7, 12, 30}) {
        FixRange r = fixRange(bitWidth, isSigned);
        std::vector<float> out(xs.size());
        fixArray(xs.data(), out.data(), int64_t(xs.size()), fp, mode, r);
        for (size_t i = 0; i < xs.size(); ++i)
          ASSERT_EQ(bits(out[i]), bits(fixValue(xs[i], fp, mode, r)))
              << "x=" << xs[i] << " fp=" << fp << " mode=" << int(mode)
              << " bits=" << bitWidth;
      }
}
