//===- FoldBatchNormTest.cpp - numeric check of nndct-fold-batchnorm ------===//
//
// Builds conv -> batch_norm in C++, runs the pass, and compares a naive
// evaluation of the original and the folded graph on random data.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

using namespace mlir;
using namespace mlir::nndct;

namespace {
std::vector<float> randomVector(std::mt19937 &rng, size_t n, float lo,
                                float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

/// Naive grouped 2-D convolution, stride 1, pad `p` on every side.
std::vector<float> conv(const std::vector<float> &x, ArrayRef<int64_t> xs,
                        const std::vector<float> &w, ArrayRef<int64_t> ws,
                        const std::vector<float> &b, int64_t groups,
                        int64_t p) {
  int64_t C = xs[1], H = xs[2], W = xs[3], O = ws[0], I = ws[1], K = ws[2];
  int64_t OH = H + 2 * p - K + 1, OW = W + 2 * p - K + 1;
  std::vector<float> y(O * OH * OW);
  int64_t outPerGroup = O / groups;
  for (int64_t o = 0; o < O; ++o)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        double acc = b.empty() ? 0 : b[o];
        for (int64_t i = 0; i < I; ++i) {
          int64_t c = (o / outPerGroup) * I + i;
          for (int64_t kh = 0; kh < K; ++kh)
            for (int64_t kw = 0; kw < K; ++kw) {
              int64_t h = oh + kh - p, ww = ow + kw - p;
              if (h < 0 || h >= H || ww < 0 || ww >= W)
                continue;
              acc += double(x[(c * H + h) * W + ww]) *
                     w[((o * I + i) * K + kh) * K + kw];
            }
        }
        y[(o * OH + oh) * OW + ow] = float(acc);
      }
  (void)C;
  return y;
}

struct BatchNormParams {
  std::vector<float> gamma, beta, mean, var;
  float eps = 1e-3f;
};

std::vector<float> batchNorm(std::vector<float> y, int64_t channels,
                             const BatchNormParams &bn) {
  int64_t plane = y.size() / channels;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < plane; ++i) {
      float &v = y[c * plane + i];
      v = (v - bn.mean[c]) / std::sqrt(bn.var[c] + bn.eps) * bn.gamma[c] +
          bn.beta[c];
    }
  return y;
}

class FoldBatchNormTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(FoldBatchNormTest, FoldedConvMatchesConvThenBatchNorm) {
  int64_t groups = GetParam();
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  std::mt19937 rng(42);
  const int64_t C = 4, O = 4, K = 3, H = 6;
  SmallVector<int64_t> xs = {1, C, H, H}, ws = {O, C / groups, K, K};
  auto w = randomVector(rng, O * (C / groups) * K * K, -1, 1);
  auto b = randomVector(rng, O, -1, 1);
  BatchNormParams bn{randomVector(rng, O, 0.5, 2), randomVector(rng, O, -1, 1),
                     randomVector(rng, O, -1, 1), randomVector(rng, O, 0.1, 3)};

  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  ModuleOp module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module.getBody());
  Type f32 = builder.getF32Type();
  auto xType = RankedTensorType::get(xs, f32);
  auto yType = RankedTensorType::get({1, O, H, H}, f32);
  auto func = func::FuncOp::create(builder, loc, "main",
                                   builder.getFunctionType({xType}, {yType}));
  builder.setInsertionPointToEnd(func.addEntryBlock());
  auto vecType = RankedTensorType::get({O}, f32);
  Value wv =
      createFloatConstant(builder, loc, RankedTensorType::get(ws, f32), "w", w);
  Value bv = createFloatConstant(builder, loc, vecType, "b", b);
  Value convOut = Conv2DOp::create(builder, loc, func.getArgument(0), wv, bv,
                                   builder.getDenseI64ArrayAttr({1, 1}),
                                   builder.getDenseI64ArrayAttr({1, 1, 1, 1}),
                                   builder.getDenseI64ArrayAttr({1, 1}),
                                   builder.getI64IntegerAttr(groups));
  Value g = createFloatConstant(builder, loc, vecType, "gamma", bn.gamma);
  Value be = createFloatConstant(builder, loc, vecType, "beta", bn.beta);
  Value m = createFloatConstant(builder, loc, vecType, "mean", bn.mean);
  Value v = createFloatConstant(builder, loc, vecType, "var", bn.var);
  Value out = BatchNormOp::create(builder, loc, convOut, g, be, m, v,
                                  builder.getF32FloatAttr(bn.eps));
  func::ReturnOp::create(builder, loc, out);
  ASSERT_TRUE(succeeded(verify(module)));

  PassManager pm(&context);
  pm.addNestedPass<func::FuncOp>(createFoldBatchNormPass());
  ASSERT_TRUE(succeeded(pm.run(module)));

  Conv2DOp folded;
  int batchNorms = 0;
  module.walk([&](Operation *op) {
    if (auto c = dyn_cast<Conv2DOp>(op))
      folded = c;
    batchNorms += isa<BatchNormOp>(op);
  });
  EXPECT_EQ(batchNorms, 0);
  ASSERT_TRUE(folded);
  auto fw = readFloats(getConstantValue(folded.getWeight()));
  auto fb = readFloats(getConstantValue(folded.getBias()));
  ASSERT_TRUE(fw && fb);

  auto x = randomVector(rng, C * H * H, -2, 2);
  auto expected = batchNorm(conv(x, xs, w, ws, b, groups, 1), O, bn);
  auto actual = conv(x, xs, *fw, ws, *fb, groups, 1);
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-4f * (1 + std::fabs(expected[i])))
        << i;
  module->erase();
}

INSTANTIATE_TEST_SUITE_P(Groups, FoldBatchNormTest, ::testing::Values(1, 2, 4));
} // namespace
