//===- BiasCorrectionRuleTest.cpp - vai's bias-correction schedule --------===//
//
// biasCorrectionStep against values worked out by hand from vai_q_pytorch's
// eval_qnoise: the efficiency average, the halved rate above 4.0, and each
// stop condition.
//
//===----------------------------------------------------------------------===//

#include "passes/BiasCorrectionRule.h"

#include <gtest/gtest.h>

using namespace mlir::nndct;

TEST(BiasCorrectionRule, FirstStepAveragesFromZero) {
  BiasCorrectionState s;
  // SQNR 1000: eff = 1.25 * 3 = 3.75; efficiency = 0.75, deviation 0.75.
  // deviation / efficiency = 1, |dev - deviation/dev| = |3.75 - 0.2| > 0.05.
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, 1000.0, 1.0, 0.05), 0.05);
  EXPECT_DOUBLE_EQ(s.efficiency, 0.75);
  EXPECT_DOUBLE_EQ(s.deviation, 0.75);
  EXPECT_FALSE(s.stop);
  // Same SQNR again: dev = 3.0, efficiency = 1.35, deviation = 1.2.
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, 1000.0, 1.0, 0.05), 0.05);
  EXPECT_DOUBLE_EQ(s.efficiency, 1.35);
  EXPECT_DOUBLE_EQ(s.deviation, 1.2);
}

TEST(BiasCorrectionRule, HalvesRateAboveFourAndStopsAbove4_3) {
  BiasCorrectionState s;
  s.efficiency = 4.0;
  s.deviation = 1.0;
  // eff = 1.25 * log10(10^3.6) = 4.5: efficiency = 4.1 (> 4.0: rate / 2),
  // dev = 0.5, deviation = 0.9, 0.9 / 4.1 > 0.05, |0.5 - 1.8| > 0.05.
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, std::pow(10.0, 3.6), 1.0, 0.05),
                   0.025);
  EXPECT_NEAR(s.efficiency, 4.1, 1e-12);
  // eff = 1.25 * 5 = 6.25: efficiency = 4.53 > 4.3: stop, no correction.
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, 1e5, 1.0, 0.05), 0.0);
  EXPECT_TRUE(s.stop);
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, 1.0, 1.0, 0.05), 0.0); // stays stopped
}

TEST(BiasCorrectionRule, StopsWhenSettledOrNoiseless) {
  BiasCorrectionState s;
  s.efficiency = 3.0;
  s.deviation = 0.1;
  // eff = 3.125 (SQNR 10^2.5): dev = 0.125, deviation = 0.105,
  // efficiency = 3.025: 0.105 / 3.025 < 0.05 -> stop.
  EXPECT_DOUBLE_EQ(biasCorrectionStep(s, std::pow(10.0, 2.5), 1.0, 0.05), 0.0);
  EXPECT_TRUE(s.stop);

  BiasCorrectionState q;
  EXPECT_DOUBLE_EQ(biasCorrectionStep(q, 1.0, 0.0, 0.05), 0.0);
  EXPECT_TRUE(q.stop);
}
