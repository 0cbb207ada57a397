//===- FixMathTest.cpp - rounding modes and the fix formula ---------------===//
//
// Ties (x * 2^fp exactly .5), negative ties, saturation and negative fix
// points for every round mode of the quantization spec.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/FixMath.h"

#include <gtest/gtest.h>
#include <cmath>

using namespace mlir::nndct;

TEST(FixMath, HalfUpTiesTowardPlusInfinity) {
  EXPECT_EQ(roundWithMode(2.5, RoundMode::half_up), 3);
  EXPECT_EQ(roundWithMode(-2.5, RoundMode::half_up), -2);
  EXPECT_EQ(roundWithMode(-0.5, RoundMode::half_up), 0);
  EXPECT_EQ(roundWithMode(0.5, RoundMode::half_up), 1);
  EXPECT_EQ(roundWithMode(-2.6, RoundMode::half_up), -3);
  EXPECT_EQ(roundWithMode(2.4, RoundMode::half_up), 2);
}

TEST(FixMath, StdRoundTiesAwayFromZero) {
  EXPECT_EQ(roundWithMode(2.5, RoundMode::std_round), 3);
  EXPECT_EQ(roundWithMode(-2.5, RoundMode::std_round), -3);
  EXPECT_EQ(roundWithMode(-0.5, RoundMode::std_round), -1);
  EXPECT_EQ(roundWithMode(1.49, RoundMode::std_round), 1);
}

TEST(FixMath, HalfEvenTiesToEven) {
  EXPECT_EQ(roundWithMode(2.5, RoundMode::half_even), 2);
  EXPECT_EQ(roundWithMode(3.5, RoundMode::half_even), 4);
  EXPECT_EQ(roundWithMode(-2.5, RoundMode::half_even), -2);
  EXPECT_EQ(roundWithMode(-3.5, RoundMode::half_even), -4);
  EXPECT_EQ(roundWithMode(-0.5, RoundMode::half_even), 0);
  EXPECT_EQ(roundWithMode(2.51, RoundMode::half_even), 3);
}

TEST(FixMath, Floor) {
  EXPECT_EQ(roundWithMode(2.9, RoundMode::floor), 2);
  EXPECT_EQ(roundWithMode(-2.1, RoundMode::floor), -3);
  EXPECT_EQ(roundWithMode(-2.5, RoundMode::floor), -3);
}

TEST(FixMath, Ranges) {
  FixRange s8 = fixRange(8, true), u8 = fixRange(8, false), s4 = fixRange(4, true);
  EXPECT_EQ(s8.qmin, -128);
  EXPECT_EQ(s8.qmax, 127);
  EXPECT_EQ(u8.qmin, 0);
  EXPECT_EQ(u8.qmax, 255);
  EXPECT_EQ(s4.qmin, -8);
  EXPECT_EQ(s4.qmax, 7);
}

TEST(FixMath, TiesAfterScaling) {
  FixRange r = fixRange(8, true);
  // fp = 2: x * 4 = 2.5 / -2.5 exactly.
  EXPECT_EQ(fixValue(0.625f, 2, RoundMode::half_up, r), 0.75f);
  EXPECT_EQ(fixValue(-0.625f, 2, RoundMode::half_up, r), -0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, RoundMode::std_round, r), -0.75f);
  EXPECT_EQ(fixValue(0.625f, 2, RoundMode::half_even, r), 0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, RoundMode::half_even, r), -0.5f);
  EXPECT_EQ(fixValue(-0.625f, 2, RoundMode::floor, r), -0.75f);
  // fp = 7: x * 128 = 0.5 (the smallest positive tie).
  EXPECT_EQ(fixValue(0.00390625f, 7, RoundMode::half_up, r), 0.0078125f);
  EXPECT_EQ(fixValue(-0.00390625f, 7, RoundMode::half_up, r), 0.0f);
  EXPECT_EQ(fixValue(-0.00390625f, 7, RoundMode::std_round, r), -0.0078125f);
}

TEST(FixMath, Saturation) {
  FixRange r = fixRange(8, true);
  EXPECT_EQ(fixValue(100.0f, 4, RoundMode::half_up, r), 127.0f / 16);
  EXPECT_EQ(fixValue(-100.0f, 4, RoundMode::half_up, r), -8.0f);
  EXPECT_EQ(fixQuantize(-100.0f, 4, RoundMode::half_up, r), -128);
  // A tie at the top edge still saturates: 127.5 -> 128 -> 127.
  EXPECT_EQ(fixQuantize(127.5f, 0, RoundMode::half_up, r), 127);
  FixRange u = fixRange(8, false);
  EXPECT_EQ(fixValue(-1.0f, 0, RoundMode::half_up, u), 0.0f);
}

TEST(FixMath, NegativeFixPoint) {
  FixRange r = fixRange(8, true);
  // fp = -2: step 4; 6 / 4 = 1.5 -> 2 (half_up) -> 8.
  EXPECT_EQ(fixValue(6.0f, -2, RoundMode::half_up, r), 8.0f);
  EXPECT_EQ(fixValue(-6.0f, -2, RoundMode::half_up, r), -4.0f);
  EXPECT_EQ(fixValue(-6.0f, -2, RoundMode::half_even, r), -8.0f);
}

TEST(FixMath, LargeMagnitudeIsExact) {
  // 2^24 + 0.5 is not a float, but x * 2^fp is formed in double.
  FixRange r = fixRange(32, true);
  float x = 8388609.0f; // 2^23 + 1
  EXPECT_EQ(fixQuantize(x, 1, RoundMode::half_up, r), 16777218.0);
  EXPECT_EQ(fixQuantize(x / 2, 0, RoundMode::half_up, r), 4194305.0);
  EXPECT_EQ(fixQuantize(-x / 2, 0, RoundMode::half_up, r), -4194304.0);
}

TEST(FixMath, NaNPropagates) {
  FixRange r = fixRange(8, true);
  EXPECT_TRUE(std::isnan(fixValue(NAN, 3, RoundMode::half_up, r)));
}

TEST(FixMath, ArrayInPlace) {
  FixRange r = fixRange(8, true);
  float v[4] = {0.625f, -0.625f, 1.0f, 40.0f};
  fixArray(v, v, 4, 2, RoundMode::half_up, r);
  EXPECT_EQ(v[0], 0.75f);
  EXPECT_EQ(v[1], -0.5f);
  EXPECT_EQ(v[2], 1.0f);
  EXPECT_EQ(v[3], 127.0f / 4);
}
