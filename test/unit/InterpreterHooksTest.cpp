//===- InterpreterHooksTest.cpp - TensorAdjuster and OpRunner
//--------------===//
//
// The two interfaces passes use besides run + observer: a TensorAdjuster
// changes chosen tensors before anything reads them (also through fused
// convolutions and forwarding ops, without touching the forwarded operand),
// and an OpRunner runs one op on caller-supplied operands with the
// interpreter's own kernels (bit-identical to running the op in a function).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>
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
  Operation *first(StringRef name) {
    Operation *found = nullptr;
    module->walk([&](Operation *op) {
      if (!found && op->getName().getStringRef() == name)
        found = op;
    });
    return found;
  }
};

/// Adds `amount` to every result of ops named `name`.
struct AddTo : TensorAdjuster {
  std::string name;
  float amount;
  int calls = 0;
  AddTo(std::string name, float amount)
      : name(std::move(name)), amount(amount) {}
  bool adjusts(Operation *op) override {
    return op->getName().getStringRef() == name;
  }
  void adjust(Operation *, unsigned, Tensor &t) override {
    ++calls;
    for (float &v : t.data)
      v += amount;
  }
};

/// Records the first value of every tensor an op named `name` produces.
struct FirstValue : TensorObserver {
  std::string name;
  std::vector<float> seen;
  explicit FirstValue(std::string name) : name(std::move(name)) {}
  void observe(Operation *op, unsigned, const Tensor &t) override {
    if (op->getName().getStringRef() == name)
      seen.push_back(t.data[0]);
  }
};

std::vector<float> randomData(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

} // namespace

TEST(TensorAdjuster, ConsumersAndObserversSeeTheChange) {
  Fixture f(R"mlir(
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.relu %x : tensor<1x4xf32>
  %s = nndct.mul %r, %r : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  Tensor x{{1, 4}, {-1.0f, 0.0f, 1.0f, 2.0f}};
  AddTo adjuster("nndct.relu", 1.0f);
  FirstValue observer("nndct.relu");
  auto out = (*interp)->run({x}, &observer, &adjuster);
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{1, 1, 4, 9}));
  EXPECT_EQ(observer.seen, std::vector<float>{1.0f});
  EXPECT_EQ(adjuster.calls, 1);
  // Without it the function computes as before.
  out = (*interp)->run({x});
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{0, 0, 1, 4}));
}

TEST(TensorAdjuster, ForwardedOperandIsNotChanged) {
  // identity forwards %x; adjusting its result must leave %x itself (read
  // by the add) alone.
  Fixture f(R"mlir(
func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %i = nndct.identity %x : tensor<1x2xf32>
  %a = nndct.add %i, %x : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %a : tensor<1x2xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  Tensor x{{1, 2}, {1.0f, 2.0f}};
  AddTo adjuster("nndct.identity", 10.0f);
  auto out = (*interp)->run({x}, nullptr, &adjuster);
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{12, 14}));
  EXPECT_EQ(x.data, (std::vector<float>{1, 2}));
}

TEST(TensorAdjuster, SeesConvolutionsFusionWouldHide) {
  // conv + relu fuse in Float mode with oneDNN; an adjusted conv runs alone.
  Fixture f(R"mlir(
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = nndct.constant dense<1.0> : tensor<1x1x1x1xf32>
  %c = nndct.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %r = nndct.relu %c : tensor<1x1x2x2xf32>
  return %r : tensor<1x1x2x2xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  auto interp = Interpreter::create(f.func());
  ASSERT_TRUE(succeeded(interp));
  Tensor x{{1, 1, 2, 2}, {-3.0f, -1.0f, 0.5f, 2.0f}};
  AddTo adjuster("nndct.conv2d", 2.0f);
  auto out = (*interp)->run({x}, nullptr, &adjuster);
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{0, 1, 2.5f, 4}));
  EXPECT_EQ(adjuster.calls, 1);
}

TEST(OpRunner, SameResultAsTheOpInAFunction) {
  // The conv's weight and bias are constants in the IR; the runner takes
  // other values for them, as bias correction's float twin does.
  Fixture inFunc(R"mlir(
func.func @main(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  %c = nndct.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %c : tensor<1x4x3x3xf32>
}
)mlir");
  Fixture alone(R"mlir(
func.func @main(%x: tensor<1x3x5x5xf32>) -> tensor<1x4x3x3xf32> {
  %w = nndct.constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = nndct.constant dense<0.0> : tensor<4xf32>
  %c = nndct.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %c : tensor<1x4x3x3xf32>
}
)mlir");
  ASSERT_TRUE(inFunc.module && alone.module);
  Tensor x{{1, 3, 5, 5}, randomData(75, 1)};
  Tensor w{{4, 3, 3, 3}, randomData(108, 2)};
  Tensor b{{4}, randomData(4, 3)};
  for (bool oneDNN : {false, true}) {
    InterpreterOptions options;
    options.useOneDNN = oneDNN;
    options.threads = 2;
    auto interp = Interpreter::create(inFunc.func(), options);
    auto runner = OpRunner::create(alone.first("nndct.conv2d"), options);
    ASSERT_TRUE(succeeded(interp) && succeeded(runner));
    auto want = (*interp)->run({x, w, b});
    auto got = (*runner)->run({&x, &w, &b});
    ASSERT_TRUE(succeeded(want) && succeeded(got));
    EXPECT_EQ((*got)[0].shape, (std::vector<int64_t>{1, 4, 3, 3}));
    EXPECT_EQ((*got)[0].data, (*want)[0].data) << "oneDNN " << oneDNN;
  }
}

TEST(OpRunner, OperandShapeMismatch) {
  Fixture f(R"mlir(
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.relu %x : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
)mlir");
  ASSERT_TRUE(f.module);
  std::string message;
  ScopedDiagnosticHandler handler(&f.context, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  auto runner = OpRunner::create(f.first("nndct.relu"));
  ASSERT_TRUE(succeeded(runner));
  Tensor wrong{{4}, {1, 2, 3, 4}};
  EXPECT_TRUE(failed((*runner)->run({&wrong})));
  EXPECT_EQ(message, "interpreter: operand #0 has shape 4, expected 1x4");
  EXPECT_TRUE(failed((*runner)->run({})));
  EXPECT_EQ(message, "interpreter: expected 1 operands, got 0");
  Tensor x{{1, 4}, {-1, 2, -3, 4}};
  auto out = (*runner)->run({&x});
  ASSERT_TRUE(succeeded(out));
  EXPECT_EQ((*out)[0].data, (std::vector<float>{0, 2, 0, 4}));
}
