//===- FusionTest.cpp - Float-mode conv fusion in the interpreter ---------===//
//
// conv2d -> batch_norm -> relu6 runs as one oneDNN convolution in Float mode;
// the result matches the unfused plan (the reference kernels) and a run with
// an observer still sees every op's tensor. A conv whose result has a second
// user is not fused.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nndct;

namespace {

const char *kConvBnRelu6 = R"mlir(
func.func @main(%x: tensor<1x2x4x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %w = nndct.constant dense<[[[[0.5, -1.0, 0.25], [1.5, 0.0, -0.5], [0.75, 2.0, -1.25]],
                              [[-0.5, 1.0, 0.5], [0.25, -2.0, 1.0], [0.0, 0.5, 1.5]]],
                             [[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                              [[-1.0, -1.0, -1.0], [2.0, 2.0, 2.0], [0.5, 0.5, 0.5]]],
                             [[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]],
                              [[-0.9, -0.8, -0.7], [-0.6, -0.5, -0.4], [-0.3, -0.2, -0.1]]]]>
      : tensor<3x2x3x3xf32>
  %b = nndct.constant dense<[0.5, -0.25, 1.0]> : tensor<3xf32>
  %g = nndct.constant dense<[1.5, 0.5, -2.0]> : tensor<3xf32>
  %be = nndct.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %m = nndct.constant dense<[0.2, 0.4, -0.6]> : tensor<3xf32>
  %v = nndct.constant dense<[1.0, 4.0, 0.25]> : tensor<3xf32>
  %c = nndct.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %n = nndct.batch_norm %c, %g, %be, %m, %v {epsilon = 1.0e-05 : f32}
      : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r = nndct.relu6 %n : tensor<1x3x4x4xf32>
  %c2 = nndct.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  %r2 = nndct.relu %c2 : tensor<1x3x4x4xf32>
  %s = nndct.add %r2, %c2 : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %r, %s : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}
)mlir";

struct Recorder : TensorObserver {
  std::vector<std::string> seen;
  void observe(Operation *op, unsigned, const Tensor &) override {
    seen.push_back(op->getName().getStringRef().str());
  }
};

} // namespace

TEST(InterpreterFusion, ConvBatchNormActivation) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kConvBnRelu6, &context);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("main");
  Tensor x;
  x.shape = {1, 2, 4, 4};
  for (int i = 0; i < 32; ++i)
    x.data.push_back(std::sin(0.7f * i) * 3.0f);

  auto fused = Interpreter::create(func);
  InterpreterOptions ref;
  ref.useOneDNN = false;
  auto plain = Interpreter::create(func, ref);
  ASSERT_TRUE(succeeded(fused) && succeeded(plain));
  auto got = (*fused)->run({x});
  auto want = (*plain)->run({x});
  ASSERT_TRUE(succeeded(got) && succeeded(want));
  for (size_t r = 0; r < 2; ++r)
    for (size_t i = 0; i < (*want)[r].data.size(); ++i)
      ASSERT_NEAR((*got)[r].data[i], (*want)[r].data[i],
                  1e-5f * (1 + std::fabs((*want)[r].data[i])))
          << "result " << r << " element " << i;

  // With an observer every op is seen (the unfused plan), same values.
  Recorder rec;
  auto observed = (*fused)->run({x}, &rec);
  ASSERT_TRUE(succeeded(observed));
  std::vector<std::string> ops = {"nndct.conv2d", "nndct.batch_norm",
                                  "nndct.relu6",  "nndct.conv2d",
                                  "nndct.relu",   "nndct.add"};
  EXPECT_EQ(rec.seen, ops);
  for (size_t r = 0; r < 2; ++r)
    for (size_t i = 0; i < (*want)[r].data.size(); ++i)
      ASSERT_NEAR((*observed)[r].data[i], (*want)[r].data[i],
                  1e-5f * (1 + std::fabs((*want)[r].data[i])));
  // And the fused plan is used again without one.
  auto again = (*fused)->run({x});
  ASSERT_TRUE(succeeded(again));
  EXPECT_EQ((*again)[0].data, (*got)[0].data);
}

/// conv -> relu -> conv -> conv on 16 channels: the fused relu conv hands
/// its output to the next conv in oneDNN's blocked layout, and that one to
/// the last; the results still equal the reference kernels'.
TEST(InterpreterFusion, BlockedChain) {
  auto dense = [](int64_t n, float phase) {
    std::string s = "dense<[";
    for (int64_t i = 0; i < n; ++i)
      s += (i ? ", " : "") + std::to_string(0.2f * std::sin(0.37f * i + phase));
    return s + "]>";
  };
  std::string w = dense(16 * 16 * 9, 0.0f), b = dense(16, 1.0f);
  std::string w2 = dense(16 * 16 * 9, 2.0f), w3 = dense(16 * 16, 3.0f);
  std::string text =
      "func.func @main(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {\n"
      "  %w0 = nndct.constant " +
      w +
      " : tensor<2304xf32>\n"
      "  %w = nndct.reshape %w0 : (tensor<2304xf32>) -> tensor<16x16x3x3xf32>\n"
      "  %b = nndct.constant " +
      b +
      " : tensor<16xf32>\n"
      "  %w20 = nndct.constant " +
      w2 +
      " : tensor<2304xf32>\n"
      "  %w2 = nndct.reshape %w20 : (tensor<2304xf32>) -> "
      "tensor<16x16x3x3xf32>\n"
      "  %w30 = nndct.constant " +
      w3 +
      " : tensor<256xf32>\n"
      "  %w3 = nndct.reshape %w30 : (tensor<256xf32>) -> "
      "tensor<16x16x1x1xf32>\n"
      "  %c = nndct.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : "
      "(tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> "
      "tensor<1x16x8x8xf32>\n"
      "  %r = nndct.relu %c : tensor<1x16x8x8xf32>\n"
      "  %c2 = nndct.conv2d %r, %w2 {pads = array<i64: 1, 1, 1, 1>} : "
      "(tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>\n"
      "  %c3 = nndct.conv2d %c2, %w3 : "
      "(tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>\n"
      "  return %c3 : tensor<1x16x8x8xf32>\n"
      "}\n";
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("main");
  Tensor x;
  x.shape = {1, 16, 8, 8};
  for (int i = 0; i < 16 * 64; ++i)
    x.data.push_back(std::cos(0.11f * i));
  InterpreterOptions ref;
  ref.useOneDNN = false;
  auto fused = Interpreter::create(func);
  auto plain = Interpreter::create(func, ref);
  ASSERT_TRUE(succeeded(fused) && succeeded(plain));
  for (int run = 0; run < 2; ++run) {
    auto got = (*fused)->run({x});
    auto want = (*plain)->run({x});
    ASSERT_TRUE(succeeded(got) && succeeded(want));
    for (size_t i = 0; i < (*want)[0].data.size(); ++i)
      ASSERT_NEAR((*got)[0].data[i], (*want)[0].data[i],
                  1e-4f * (1 + std::fabs((*want)[0].data[i])))
          << "run " << run << " element " << i;
  }
}
