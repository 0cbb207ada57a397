//===- FixPointSelectionTest.cpp - vai_q_pytorch fix-point rules ----------===//
//
// Each rule of ir/numerics/FixPointSelection.h on hand-made tensors with known
// answers: the double-precision fix, the non-overflow fp, the diffs search, the
// modal vote, the fp clamp and the batch-independent histogram.
//
//===----------------------------------------------------------------------===//

#include "ir/numerics/FixPointSelection.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::nndct;
using namespace mlir::nndct::fixpoint;

TEST(FixPointSelection, FixClampsFullRange) {
  EXPECT_EQ(fix(10.0, 4, 8, Rounding::HalfUp), 127.0 / 16); // saturates at qmax
  EXPECT_EQ(fix(-10.0, 4, 8, Rounding::HalfUp), -8.0);      // qmin = -128
  EXPECT_EQ(fix(0.03125, 4, 8, Rounding::HalfUp), 0.0625);  // 0.5 -> 1
}

TEST(FixPointSelection, NonOverflow) {
  // max 1.0: step = 1/127.5, log2(127.5) = 6.99 -> 6.
  EXPECT_EQ(nonOverflowFixPoint(0, 1.0, 8), 6);
  // min -1.0: step = 1/128.5 -> 7 (the negative side has one more level).
  EXPECT_EQ(nonOverflowFixPoint(-1.0, 0, 8), 7);
  EXPECT_EQ(nonOverflowFixPoint(-3.0, 3.0, 8), 5);
  EXPECT_EQ(nonOverflowFixPoint(0, 0, 8), 18);      // all zero
  EXPECT_EQ(nonOverflowFixPoint(0, 1000.0, 8), -3); // no lower clamp
}

TEST(FixPointSelection, DiffsSearchesFinerSteps) {
  // One outlier at 1.0 and many small values: a finer step clips the
  // outlier but resolves the rest better.
  std::vector<float> x(1000, 0.011f);
  x.push_back(1.0f);
  int64_t fp0 = maxMinFixPoint(x.data(), x.size(), 8);
  EXPECT_EQ(fp0, 6);
  int64_t fp = diffsFixPoint(x.data(), x.size(), 8, Rounding::HalfUp);
  EXPECT_GT(fp, fp0);
  EXPECT_LT(fp, fp0 + kDiffsCandidates);
  // Exactly representable data: every candidate >= fp0 has zero error
  // until clipping; the coarsest (fp0) wins the tie.
  std::vector<float> y = {0.5f, -0.5f, 0.25f};
  EXPECT_EQ(diffsFixPoint(y.data(), y.size(), 8, Rounding::StdRound),
            maxMinFixPoint(y.data(), y.size(), 8));
}

TEST(FixPointSelection, ModalVoteTiesToSmallest) {
  EXPECT_EQ(modalVote({4, 5, 4, 3}), 4);
  EXPECT_EQ(modalVote({5, 3, 3, 5}), 3);
  EXPECT_EQ(modalVote({7}), 7);
  EXPECT_EQ(modalVote({-2, 1, 1, -2, 0}), -2);
}

TEST(FixPointSelection, Clamp) {
  EXPECT_EQ(maxFixPoint(8), 12);
  EXPECT_EQ(maxFixPoint(4), 12);
  EXPECT_EQ(maxFixPoint(16), 15);
}

TEST(FixPointSelection, HistogramIsBatchIndependent) {
  std::vector<float> data;
  for (int i = 0; i < 5000; ++i)
    data.push_back(float((i * 7919) % 1000) / 37.0f * ((i & 1) ? 1 : -1));
  AbsHistogram whole;
  whole.add(data.data(), data.size());
  for (int cut : {1, 7, 1000}) {
    AbsHistogram merged;
    for (size_t s = 0; s < data.size(); s += cut) {
      AbsHistogram part;
      part.add(data.data() + s, std::min<size_t>(cut, data.size() - s));
      merged.merge(part);
    }
    EXPECT_EQ(merged.getCounts(), whole.getCounts()) << "cut " << cut;
    EXPECT_EQ(merged.amax(), whole.amax());
  }
  EXPECT_EQ(whole.total(), 5000);
  EXPECT_EQ(whole.amax(), 32.0); // max 999/37 = 27.0 -> range 2^5
}

TEST(FixPointSelection, AmaxRoundsTowardCoarser) {
  EXPECT_EQ(fixPointForAmax(1.0, 8), 7); // range exactly 2^0
  EXPECT_EQ(fixPointForAmax(1.5, 8), 6); // covered by 2^1
  EXPECT_EQ(fixPointForAmax(0.0, 8), 18);
  AbsHistogram h;
  std::vector<float> x(10000, 0.1f);
  x[0] = 100.0f; // one outlier is beyond the 99.99th percentile
  h.add(x.data(), x.size());
  EXPECT_LT(percentileAmax(h, 99.99), 0.2);
}

// The recorded errors follow the exact squared error of the data at every
// candidate: within a few percent where the step is not finer than a bin,
// the energy sum x^2 at the coarsest candidate, and their minimum where
// diffs finds it.
TEST(FixPointSelection, HistogramErrorsMatchTheData) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.0f, 1.5f);
  std::vector<float> x(20000);
  for (float &v : x)
    v = normal(rng);
  fixpoint::AbsHistogram h;
  h.add(x.data(), int64_t(x.size()));
  int64_t fp0 = fixpoint::maxMinFixPoint(x.data(), int64_t(x.size()), 8);
  int64_t first = fp0 - fixpoint::kErrorCandidatesBelow;
  std::vector<double> errors =
      fixpoint::histogramErrors(h, first, fixpoint::kErrorCandidates, 8);
  ASSERT_EQ(errors.size(), size_t(fixpoint::kErrorCandidates));
  double energy = 0;
  for (float v : x)
    energy += double(v) * v;
  EXPECT_NEAR(errors[0], energy, 1e-3 * energy);
  size_t best = 0;
  for (int64_t k = 0; k < fixpoint::kErrorCandidates; ++k) {
    double exact = fixpoint::squaredError(x.data(), int64_t(x.size()),
                                          first + k, 8, Rounding::HalfUp);
    if (errors[size_t(k)] < errors[best])
      best = size_t(k);
    // Steps at least a bin wide (bins: amax / 2048 = 2^(fp0 + 4) finer).
    if (first + k <= fp0 + 4)
      EXPECT_NEAR(errors[size_t(k)], exact, 0.05 * exact) << "fp " << first + k;
  }
  EXPECT_EQ(first + int64_t(best),
            fixpoint::diffsFixPoint(x.data(), int64_t(x.size()), 8,
                                    Rounding::HalfUp));
}

// squaredErrors is defined by its summation order (lane i mod 8, lanes added
// in order) and computes each term exactly as fix(); its vectorized paths
// must give that sum bit for bit: ties at every candidate, clipping, tiny
// and huge values, a tail shorter than a lane group.
TEST(FixPointSelection, SquaredErrorsAreTheLaneOrderedDefinition) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-3.0f, 3.0f);
  std::vector<float> x;
  for (int i = 0; i < 997; ++i) {
    float v = u(rng);
    switch (i % 7) {
    case 0: // an exact tie at a fine step
      v = std::ldexp(std::round(v * 64) + 0.5f, -6);
      break;
    case 1: // just below a tie
      v = std::nextafter(std::ldexp(std::round(v * 32) + 0.5f, -5), 0.0f);
      break;
    case 2: // clipped at every candidate
      v *= 1e6f;
      break;
    case 3: // far below every step
      v *= 1e-30f;
      break;
    default:
      break;
    }
    x.push_back(v);
  }
  for (Rounding mode : {Rounding::HalfUp, Rounding::HalfEven,
                        Rounding::StdRound, Rounding::Floor}) {
    for (int64_t fp0 : {-3, 0, 2, 5, 9}) {
      for (int64_t bits : {4, 8, 16}) {
        double got[5];
        squaredErrors(x.data(), int64_t(x.size()), fp0, 5, bits, mode, got);
        for (int64_t k = 0; k < 5; ++k) {
          double lanes[8] = {};
          for (size_t i = 0; i < x.size(); ++i) {
            double d = double(x[i]) - fix(x[i], fp0 + k, bits, mode);
            lanes[i % 8] += d * d;
          }
          double want = 0;
          for (double l : lanes)
            want += l;
          EXPECT_EQ(got[k], want)
              << "fp " << fp0 + k << " bits " << bits << " mode " << int(mode);
          EXPECT_EQ(
              squaredError(x.data(), int64_t(x.size()), fp0 + k, bits, mode),
              want);
        }
      }
    }
  }
}

// Binning on threads, in chunks, gives the one-thread histogram exactly
// (and a tensor full of zeros, as after a ReLU, counts them all).
TEST(FixPointSelection, HistogramIndependentOfThreads) {
  std::mt19937 rng(3);
  std::normal_distribution<float> g(0.0f, 2.0f);
  std::vector<float> x(300000);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = i % 3 ? std::max(0.0f, g(rng)) : 0.0f;
  AbsHistogram one, two;
  one.add(x.data(), int64_t(x.size()), 1);
  two.add(x.data(), int64_t(x.size()), 2);
  EXPECT_EQ(one.getCounts(), two.getCounts());
  EXPECT_EQ(one.amax(), two.amax());
  EXPECT_EQ(one.total(), int64_t(x.size()));
}
