//===- LayerFitTest.cpp - fast finetune's layer problem -------------------===//
//
// The gradients of LayerFit::evaluate against central finite differences
// for each layer form (conv, depthwise conv, grouped conv, linear) and
// each activation; AdaQuant and AdaRound lowering the loss of plain
// rounding; AdaRound's rounding variables ending binary and its weights on
// the fix grid; results independent of the thread count.
//
//===----------------------------------------------------------------------===//

#include "passes/finetune/LayerFit.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

using namespace mlir::nndct;
using namespace mlir::nndct::finetune;

namespace {

std::vector<float> normal(std::mt19937 &rng, size_t n, float sigma) {
  std::normal_distribution<float> d(0.0f, sigma);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}

struct Problem {
  LayerSpec spec;
  LayerRows rows;
  LayerParams params;
};

/// A layer with random weights on inputs that, like a network's, are
/// correlated (a few latent factors plus a little noise); the quantized
/// rows are the float ones plus noise (what quantizing upstream does).
Problem makeProblem(LayerShape shape, Activation act, int64_t rows,
                    uint32_t seed) {
  std::mt19937 rng(seed);
  Problem p;
  p.spec.shape = shape;
  p.spec.activation = act;
  p.spec.alpha = 0.1f;
  p.rows.rows = rows;
  const int64_t factors = 6, ins = shape.inputs();
  std::vector<float> u = normal(rng, size_t(rows * factors), 1.0f);
  std::vector<float> mix = normal(rng, size_t(ins * factors), 0.5f);
  p.rows.floatInput = normal(rng, size_t(rows * ins), 0.1f);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < ins; ++k)
      for (int64_t j = 0; j < factors; ++j)
        p.rows.floatInput[size_t(r * ins + k)] +=
            mix[size_t(k * factors + j)] * u[size_t(r * factors + j)];
  p.rows.quantInput = p.rows.floatInput;
  std::vector<float> noise = normal(rng, p.rows.quantInput.size(), 0.05f);
  for (size_t i = 0; i < noise.size(); ++i)
    p.rows.quantInput[i] += noise[i];
  p.params.weight = normal(rng, size_t(shape.outputs() * shape.inPerGroup),
                           1.0f / std::sqrt(float(shape.inPerGroup)));
  p.params.bias = normal(rng, size_t(shape.outputs()), 0.5f);
  return p;
}

struct Case {
  const char *name;
  LayerShape shape;
  Activation act;
};

class LayerFitGradient : public ::testing::TestWithParam<Case> {};

TEST_P(LayerFitGradient, MatchesFiniteDifferences) {
  const Case &c = GetParam();
  Problem p = makeProblem(c.shape, c.act, 24, 11);
  LayerFit fit(p.spec, p.rows, p.params, 2);
  // Different parameters from the target's, so the gradient is not zero.
  std::mt19937 rng(5);
  LayerParams at = p.params;
  std::vector<float> dw = normal(rng, at.weight.size(), 0.2f);
  for (size_t i = 0; i < dw.size(); ++i)
    at.weight[i] += dw[i];
  std::vector<float> gw, gb;
  fit.evaluate(at.weight, at.bias, nullptr, 0, fit.rows(), &gw, &gb);
  auto lossAt = [&](const LayerParams &q) {
    return fit.evaluate(q.weight, q.bias, nullptr, 0, fit.rows(), nullptr,
                        nullptr);
  };
  const double h = 1e-3;
  double worst = 0;
  auto check = [&](std::vector<float> LayerParams::*member, size_t i,
                   float analytic) {
    LayerParams plus = at, minus = at;
    (plus.*member)[i] += float(h);
    (minus.*member)[i] -= float(h);
    double numeric = (lossAt(plus) - lossAt(minus)) / (2 * h);
    double err = std::fabs(numeric - analytic) /
                 std::max(1e-4, std::fabs(numeric) + std::fabs(analytic));
    worst = std::max(worst, err);
    EXPECT_LT(err, 2e-2) << c.name << " index " << i << ": numeric " << numeric
                         << ", analytic " << analytic;
  };
  for (size_t i = 0; i < at.weight.size(); i += 1 + at.weight.size() / 25)
    check(&LayerParams::weight, i, gw[i]);
  for (size_t i = 0; i < at.bias.size(); ++i)
    check(&LayerParams::bias, i, gb[i]);
}

INSTANTIATE_TEST_SUITE_P(
    Layers, LayerFitGradient,
    ::testing::Values(Case{"conv_none", {1, 18, 6}, Activation::None},
                      Case{"conv_relu", {1, 18, 6}, Activation::Relu},
                      Case{"conv_relu6", {1, 18, 6}, Activation::Relu6},
                      Case{"conv_leaky", {1, 18, 6}, Activation::LeakyRelu},
                      Case{"conv_hswish", {1, 18, 6}, Activation::HardSwish},
                      Case{"depthwise_relu", {8, 9, 1}, Activation::Relu},
                      Case{"grouped_leaky", {2, 12, 3}, Activation::LeakyRelu},
                      Case{"linear_none", {1, 40, 10}, Activation::None}),
    [](const ::testing::TestParamInfo<Case> &info) {
      return std::string(info.param.name);
    });

/// An 8-bit layer with coarse weights (fix point 4: a step of 1/16 on
/// weights of about 0.2) on coarsely quantized inputs: on correlated
/// inputs, how the weights round matters, which finetuning exploits.
Problem quantizedProblem(LayerShape shape, Activation act, uint32_t seed) {
  Problem p = makeProblem(shape, act, 512, seed);
  FixSpec input{3, Rounding::HalfUp, {-128, 127}};
  for (size_t i = 0; i < p.rows.quantInput.size(); ++i)
    p.rows.quantInput[i] = input.apply(p.rows.floatInput[i]);
  p.spec.weightFix = FixSpec{4, Rounding::StdRound, {-128, 127}};
  p.spec.biasFix = FixSpec{6, Rounding::StdRound, {-128, 127}};
  p.spec.outputFix = FixSpec{5, Rounding::HalfUp, {-128, 127}};
  return p;
}

TEST(LayerFit, AdaQuantLowersTheLoss) {
  Problem p = quantizedProblem({1, 27, 8}, Activation::Relu, 3);
  LayerFit fit(p.spec, p.rows, p.params, 2);
  FitResult r = adaQuant(fit, FitOptions{});
  EXPECT_TRUE(r.improved);
  EXPECT_LT(r.lossAfter, 0.6 * r.lossBefore);
  EXPECT_DOUBLE_EQ(r.lossAfter, fit.loss(r.params));
}

TEST(LayerFit, AdaRoundEndsBinaryOnTheGrid) {
  Problem p = quantizedProblem({1, 27, 8}, Activation::None, 4);
  LayerFit fit(p.spec, p.rows, p.params, 2);
  FitOptions options;
  options.epochs = 100;
  double binary = 0;
  FitResult r = adaRound(fit, options, &binary);
  EXPECT_GT(binary, 0.9);
  EXPECT_TRUE(r.improved);
  EXPECT_LT(r.lossAfter, 0.6 * r.lossBefore);
  // Every weight on the grid, within one step of the float weight (it
  // rounded up or down, nothing else).
  for (size_t i = 0; i < r.params.weight.size(); ++i) {
    float w = r.params.weight[i], w0 = p.params.weight[i];
    EXPECT_EQ(w, p.spec.weightFix->apply(w));
    EXPECT_LE(std::fabs(w - w0), p.spec.weightFix->step());
  }
}

TEST(LayerFit, SameResultForAnyThreadCount) {
  Problem p = quantizedProblem({1, 27, 16}, Activation::LeakyRelu, 9);
  LayerFit one(p.spec, p.rows, p.params, 1);
  LayerFit two(p.spec, p.rows, p.params, 2);
  FitResult a = adaQuant(one, FitOptions{}), b = adaQuant(two, FitOptions{});
  EXPECT_EQ(a.params.weight, b.params.weight);
  EXPECT_EQ(a.params.bias, b.params.bias);
  FitResult c = adaRound(one, FitOptions{}), d = adaRound(two, FitOptions{});
  EXPECT_EQ(c.params.weight, d.params.weight);
  EXPECT_EQ(c.params.bias, d.params.bias);
}

} // namespace
