//===- EqualizeTest.cpp - nndct-equalize keeps the function, evens ranges -===//
//
// A conv -> relu -> depthwise conv -> leaky relu -> 1x1 conv chain whose
// channels span three orders of magnitude: after the pass the interpreter
// computes the same outputs (within float rounding), every equalized pair
// has equal per-channel ranges on both sides, and the depthwise conv's
// spread of channel ranges shrinks.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTDialect.h"
#include "ir/NNDCTOps.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <sstream>

using namespace mlir;
using namespace mlir::nndct;

namespace {

/// `n` values, channel c (of `channels`, outermost) scaled by 10^(c % 4 - 2).
std::string denseValues(std::mt19937 &rng, int64_t n, int64_t channels) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::ostringstream out;
  out.precision(9);
  out << "[";
  for (int64_t i = 0; i < n; ++i) {
    int64_t c = i / (n / channels);
    out << (i ? ", " : "") << dist(rng) * std::pow(10.0f, float(c % 4 - 2));
  }
  out << "]";
  return out.str();
}

std::string chainModel() {
  std::mt19937 rng(7);
  std::ostringstream m;
  m << "func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x2x8x8xf32> {\n"
    << "  %w1 = nndct.constant dense<" << denseValues(rng, 8 * 27, 8)
    << "> : tensor<216xf32>\n"
    << "  %b1 = nndct.constant dense<" << denseValues(rng, 8, 8)
    << "> : tensor<8xf32>\n"
    << "  %w2 = nndct.constant dense<" << denseValues(rng, 8 * 9, 8)
    << "> : tensor<72xf32>\n"
    << "  %b2 = nndct.constant dense<" << denseValues(rng, 8, 8)
    << "> : tensor<8xf32>\n"
    << "  %w3 = nndct.constant dense<" << denseValues(rng, 2 * 8, 2)
    << "> : tensor<16xf32>\n"
    << R"(  %w1r = nndct.reshape %w1 : (tensor<216xf32>) -> tensor<8x3x3x3xf32>
  %w2r = nndct.reshape %w2 : (tensor<72xf32>) -> tensor<8x1x3x3xf32>
  %w3r = nndct.reshape %w3 : (tensor<16xf32>) -> tensor<2x8x1x1xf32>
  %y1 = nndct.conv2d %x, %w1r, %b1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %a1 = nndct.relu %y1 : tensor<1x8x8x8xf32>
  %y2 = nndct.conv2d %a1, %w2r, %b2 {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %a2 = nndct.leaky_relu %y2 {alpha = 0.1 : f32} : tensor<1x8x8x8xf32>
  %y3 = nndct.conv2d %a2, %w3r : (tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x8x8xf32>
  return %y3 : tensor<1x2x8x8xf32>
}
)";
  return m.str();
}

struct Model {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  explicit Model(const std::string &text) {
    context.loadDialect<NNDCTDialect, func::FuncDialect>();
    module = parseSourceString<ModuleOp>(text, &context);
  }
  func::FuncOp func() { return module->lookupSymbol<func::FuncOp>("main"); }
  std::vector<Conv2DOp> convs() {
    std::vector<Conv2DOp> out;
    module->walk([&](Conv2DOp op) { out.push_back(op); });
    return out;
  }
  std::vector<float> run(const Tensor &x) {
    auto interp = Interpreter::create(func());
    EXPECT_TRUE(succeeded(interp));
    auto out = (*interp)->run({x});
    EXPECT_TRUE(succeeded(out));
    return (*out)[0].data;
  }
};

/// max |W| per output channel (`output`) or per input channel of `conv`.
std::vector<double> channelRanges(Conv2DOp conv, bool output) {
  auto w = readFloats(getConstantValue(conv.getWeight()));
  EXPECT_TRUE(w.has_value());
  auto shape = conv.getWeight().getType().getShape();
  int64_t perOut = shape[1] * shape[2] * shape[3];
  bool depthwise = conv.getGroups() > 1;
  int64_t channels = output || depthwise ? shape[0] : shape[1];
  std::vector<double> r(size_t(channels), 0.0);
  for (size_t i = 0; i < w->size(); ++i) {
    int64_t o = int64_t(i) / perOut;
    int64_t c =
        output || depthwise ? o : (int64_t(i) % perOut) / (shape[2] * shape[3]);
    r[size_t(c)] = std::max(r[size_t(c)], double(std::fabs((*w)[i])));
  }
  return r;
}

double spread(const std::vector<double> &r) {
  return *std::max_element(r.begin(), r.end()) /
         *std::min_element(r.begin(), r.end());
}

TEST(Equalize, SameFunctionEqualRanges) {
  std::string text = chainModel();
  Model before(text), after(text);
  ASSERT_TRUE(before.module && after.module);
  // The weights are reshaped constants: fold them into constants first.
  for (Model *m : {&before, &after}) {
    PassManager pm(&m->context);
    pm.addNestedPass<func::FuncOp>(createCanonicalizePass());
    ASSERT_TRUE(succeeded(pm.run(*m->module)));
  }
  double dwSpreadBefore = spread(channelRanges(after.convs()[1], true));
  PassManager pm(&after.context);
  pm.addNestedPass<func::FuncOp>(createEqualizePass());
  ASSERT_TRUE(succeeded(pm.run(*after.module)));

  std::vector<Conv2DOp> convs = after.convs();
  ASSERT_EQ(convs.size(), 3u);
  // Both pairs balanced: L1's output ranges equal L2's input ranges.
  for (int pair = 0; pair < 2; ++pair) {
    std::vector<double> r1 = channelRanges(convs[pair], true);
    std::vector<double> r2 = channelRanges(convs[pair + 1], false);
    ASSERT_EQ(r1.size(), r2.size());
    for (size_t c = 0; c < r1.size(); ++c)
      EXPECT_NEAR(r1[c] / r2[c], 1.0, 1e-3) << "pair " << pair << " ch " << c;
  }
  double dwSpreadAfter = spread(channelRanges(convs[1], true));
  EXPECT_GT(dwSpreadBefore, 100.0);
  EXPECT_LT(dwSpreadAfter, dwSpreadBefore / 10);

  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  Tensor x;
  x.shape = {1, 3, 8, 8};
  x.data.resize(3 * 64);
  for (float &v : x.data)
    v = dist(rng);
  std::vector<float> a = before.run(x), b = after.run(x);
  ASSERT_EQ(a.size(), b.size());
  double peak = 0, err = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    peak = std::max(peak, double(std::fabs(a[i])));
    err = std::max(err, double(std::fabs(a[i] - b[i])));
  }
  EXPECT_LT(err / peak, 1e-5);
}

} // namespace
