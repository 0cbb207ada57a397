//===- InterpreterTest.cpp - executing small nndct functions --------------===//
//
// Parses small functions, runs them in float and fake-quant mode, and checks
// values, the observer protocol, regions, thread-count independence and the
// error for modes without kernels.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>
#include <limits>
#include <random>

using namespace mlir;
using namespace mlir::nndct;

namespace {

struct Fixture {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  explicit Fixture(StringRef text) {
    context.loadDialect<NNDCTDialect, func::FuncDialect>();
    module = parseSourceString<ModuleOp>(text, &context);
  }
  func::FuncOp func() { return module->lookupSymbol<func::FuncOp>("main"); }
};

struct Recorder : TensorObserver {
  std::vector<std::string> seen;
  void observe(Operation *op, unsigned result, const Tensor &t) override {
    seen.push_back(op->getName().getStringRef().str() + "#" +
                   std::to_string(result) + ":" +
                   std::to_string(t.numElements()));
  }
};

const char *kFixGraph = R"mlir(
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.region "quant_0" {
    %f = nndct.fix %x kind <input> round <half_up> bits 8 fp 2 : tensor<1x4xf32>
    %c = nndct.constant dense<[[0.1, 0.2, 0.3, 0.4]]> : tensor<1x4xf32>
    %a = nndct.add %f, %c : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    %r = nndct.relu %a : tensor<1x4xf32>
    nndct.yield %r : tensor<1x4xf32>
  } : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
)mlir";

} // namespace

TEST(Interpreter, FloatIgnoresFixFakeQuantAppliesIt) {
  Fixture f(kFixGraph);
  ASSERT_TRUE(f.module);
  Tensor x{{1, 4}, {0.625f, -0.625f, 0.3f, -3.0f}};
  auto fl = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(fl));
  Recorder rec;
  auto out = (*fl)->run({x}, &rec);
  ASSERT_TRUE(succeeded(out));
  EXPECT_FLOAT_EQ((*out)[0].data[0], 0.725f);
  EXPECT_FLOAT_EQ((*out)[0].data[1], 0.0f);
  EXPECT_FLOAT_EQ((*out)[0].data[2], 0.6f);
  // Every produced tensor, not constants nor the region's forwarding.
  std::vector<std::string> want = {"nndct.fix#0:4", "nndct.add#0:4",
                                   "nndct.relu#0:4"};
  EXPECT_EQ(rec.seen, want);

  InterpreterOptions opts;
  opts.mode = ExecutionMode::FakeQuant;
  auto fq = Interpreter::create(f.func(), opts);
  ASSERT_TRUE(succeeded(fq));
  out = (*fq)->run({x});
  ASSERT_TRUE(succeeded(out));
  // fix(0.625, fp 2, half_up) = 0.75; fix(-0.625) = -0.5; fix(0.3) = 0.25.
  EXPECT_FLOAT_EQ((*out)[0].data[0], 0.85f);
  EXPECT_FLOAT_EQ((*out)[0].data[1], 0.0f);
  EXPECT_FLOAT_EQ((*out)[0].data[2], 0.55f);
}

TEST(Interpreter, IntegerModeRunsFloatOpsOnDequantizedCodes) {
  // The constant has no fix, so the add runs in float on the dequantized
  // input (IntegerModeTest covers the integer kernels).
  Fixture f(kFixGraph);
  Tensor x{{1, 4}, {0.625f, -0.625f, 0.3f, -3.0f}};
  InterpreterOptions opts;
  opts.mode = ExecutionMode::Integer;
  auto in = Interpreter::create(f.func(), opts);
  opts.mode = ExecutionMode::FakeQuant;
  auto fq = Interpreter::create(f.func(), opts);
  ASSERT_TRUE(succeeded(in) && succeeded(fq));
  auto a = (*in)->run({x}), b = (*fq)->run({x});
  ASSERT_TRUE(succeeded(a) && succeeded(b));
  EXPECT_EQ((*a)[0].data, (*b)[0].data);
}

TEST(Interpreter, InputShapeMismatch) {
  Fixture f(kFixGraph);
  std::string message;
  ScopedDiagnosticHandler handler(&f.context, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  auto r = (*interp)->run({Tensor{{4}, {1, 2, 3, 4}}});
  EXPECT_TRUE(failed(r));
  EXPECT_NE(message.find("input #0 has shape 4, expected 1x4"),
            std::string::npos)
      << message;
}

TEST(Interpreter, ThreadCountDoesNotChangeResults) {
  Fixture f(R"mlir(
func.func @main(%x: tensor<2x8x13x13xf32>) -> (tensor<2x10xf32>, tensor<2x16x7x7xf32>) {
  %w = nndct.constant dense<0.03125> : tensor<16x8x3x3xf32>
  %b = nndct.constant dense<0.5> : tensor<16xf32>
  %c = nndct.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<2x8x13x13xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<2x16x7x7xf32>
  %s = nndct.softmax %c {axis = 1 : i64} : tensor<2x16x7x7xf32>
  %m = nndct.reduce_mean %s {axes = array<i64: 2, 3>, keepdims = false}
      : (tensor<2x16x7x7xf32>) -> tensor<2x16xf32>
  %fw = nndct.constant dense<0.25> : tensor<10x16xf32>
  %y = nndct.linear %m, %fw : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
  return %y, %c : tensor<2x10xf32>, tensor<2x16x7x7xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-2, 2);
  Tensor x;
  x.shape = {2, 8, 13, 13};
  for (int i = 0; i < 2 * 8 * 13 * 13; ++i)
    x.data.push_back(dist(rng));
  std::vector<std::vector<Tensor>> results;
  for (bool onednn : {false, true})
    for (int threads : {1, 2, 3}) {
      InterpreterOptions opts;
      opts.threads = threads;
      opts.useOneDNN = onednn;
      auto interp = Interpreter::create(f.func(), opts);
      ASSERT_TRUE(succeeded(interp));
      auto out = (*interp)->run({x});
      ASSERT_TRUE(succeeded(out));
      results.push_back(*out);
    }
  // Reference kernels: bitwise identical for every thread count.
  for (int i = 1; i < 3; ++i)
    for (int k = 0; k < 2; ++k)
      EXPECT_EQ(results[i][k].data, results[0][k].data) << "threads " << i + 1;
  // oneDNN: close to the reference.
  for (size_t e = 0; e < results[3][1].data.size(); ++e)
    ASSERT_NEAR(results[3][1].data[e], results[0][1].data[e], 1e-4);
}

TEST(Interpreter, DataMovementAndBroadcast) {
  Fixture f(R"mlir(
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2x4xf32>) {
  %s = nndct.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %t = nndct.transpose %s {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %x0, %x1 = nndct.split %a {axis = 1 : i64, sizes = array<i64: 2, 1>}
      : (tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x1xf32>)
  %p = nndct.pad %x1 {pads = array<i64: 0, 1, 0, 2>, mode = #nndct.pad_mode<edge>}
      : (tensor<2x1xf32>) -> tensor<2x4xf32>
  return %t, %x0, %p : tensor<3x2xf32>, tensor<2x2xf32>, tensor<2x4xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  auto out = (*interp)->run(
      {Tensor{{2, 3}, {1, 2, 3, 4, 5, 6}}, Tensor{{3}, {1, 1, 2}}});
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{0, 3, 1, 4, 1, 4}));
  EXPECT_EQ((*out)[1].data, (std::vector<float>{1, 2, 4, 5}));
  EXPECT_EQ((*out)[2].data, (std::vector<float>{3, 3, 3, 3, 6, 6, 6, 6}));
}

TEST(Interpreter, BuffersAreFreedAfterTheirLastUse) {
  // A chain of ten ops on 1000 floats: only a producer's input and output
  // are ever live together, so the peak is two buffers, not ten.
  std::string text =
      "func.func @main(%x: tensor<1x1000xf32>) -> tensor<1x1000xf32> {\n"
      "  %v0 = nndct.relu %x : tensor<1x1000xf32>\n";
  for (int i = 1; i < 10; ++i)
    text += "  %v" + std::to_string(i) + " = nndct.sigmoid %v" +
            std::to_string(i - 1) + " : tensor<1x1000xf32>\n";
  text += "  return %v9 : tensor<1x1000xf32>\n}\n";
  Fixture f(text);
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  Tensor x{{1, 1000}, std::vector<float>(1000, 0.5f)};
  auto out = (*interp)->run({x});
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*interp)->peakActivationBytes(), 2 * 1000 * 4);
}

// FLOAT16/BFLOAT16/DOUBLE (docs/element-types.md): casts to the narrow
// types round to nearest even (numpy: astype(float16) of these values gives
// 1.0, 1.002, inf, 2^-24; bfloat16 RNE bits 0x3f80, 0x3f80, 0x4789 =
// 70144, 0x3380 = 2^-24), results
// carry their kind, and a cast back to f32 is exact.
TEST(Interpreter, NarrowFloatCasts) {
  Fixture f(R"mlir(
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>, tensor<4xf32>) {
  %h = nndct.cast %x : (tensor<4xf32>) -> tensor<4xf16>
  %b = nndct.cast %x : (tensor<4xf32>) -> tensor<4xbf16>
  %d = nndct.cast %x : (tensor<4xf32>) -> tensor<4xf64>
  %w = nndct.cast %h : (tensor<4xf16>) -> tensor<4xf32>
  return %h, %b, %d, %w : tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>, tensor<4xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  std::vector<float> x{1.00048828125f, 1.00146484375f, 70000.0f,
                       5.960464477539063e-08f};
  auto out = (*interp)->run({Tensor{{4}, x}});
  ASSERT_TRUE(succeeded(out));
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ((*out)[0].kind, ElementKind::F16);
  EXPECT_EQ((*out)[0].data, (std::vector<float>{1.0f, 1.001953125f, inf,
                                                5.960464477539063e-08f}));
  EXPECT_EQ((*out)[1].kind, ElementKind::BF16);
  EXPECT_EQ((*out)[1].data,
            (std::vector<float>{1.0f, 1.0f, 70144.0f, 5.960464477539063e-08f}));
  EXPECT_EQ((*out)[2].kind, ElementKind::F64);
  EXPECT_EQ((*out)[2].data, x);
  EXPECT_EQ((*out)[3].data, (*out)[0].data);
}
