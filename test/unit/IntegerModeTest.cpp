//===- IntegerModeTest.cpp - the NPU's integer arithmetic, by hand --------===//
//
// Shift-round-saturate ties and saturation, the average-pool multipliers and
// the leaky slope (DeviceArithmetic.h), and the interpreter's Integer mode on
// hand-made graphs: bias shifts both ways, requantization ties, saturation,
// fused leaky, average pools; compared with hand-computed codes and with
// fake-quant mode (equal where float arithmetic is exact, different exactly
// where the device approximates and fake-quant does not emulate it).
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/IntegerKernels.h"
#include "backends/interpreter/Interpreter.h"
#include "ir/NNDCTDialect.h"
#include "ir/numerics/DeviceArithmetic.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;
using namespace mlir::nndct;

TEST(DeviceArithmetic, ShiftRoundTiesGoUp) {
  EXPECT_EQ(npu::shiftRound(5, 1), 3);   // 2.5 -> 3
  EXPECT_EQ(npu::shiftRound(-5, 1), -2); // -2.5 -> -2
  EXPECT_EQ(npu::shiftRound(6, 2), 2);   // 1.5 -> 2
  EXPECT_EQ(npu::shiftRound(-6, 2), -1); // -1.5 -> -1
  EXPECT_EQ(npu::shiftRound(-7, 2), -2); // -1.75 -> -2
  EXPECT_EQ(npu::shiftRound(-9, 2), -2); // -2.25 -> -2
  EXPECT_EQ(npu::shiftRound(3, 0), 3);
  EXPECT_EQ(npu::shiftRound(3, -2), 12); // left shift, exact
}

TEST(DeviceArithmetic, Saturation) {
  EXPECT_EQ(npu::shiftRoundSaturate(1000, 2, -128, 127), 127);
  EXPECT_EQ(npu::shiftRoundSaturate(-1000, 2, -128, 127), -128);
  EXPECT_EQ(npu::shiftRoundSaturate(255, 1, -128, 127),
            127); // 127.5 -> 128 -> 127
  EXPECT_EQ(npu::shiftRoundSaturate(-257, 1, -128, 127),
            -128); // -128.5 -> -128
  EXPECT_EQ(npu::shiftRoundSaturate(-259, 1, -128, 127),
            -128); // -129.5 -> -129 -> -128
  EXPECT_EQ(npu::shiftRoundSaturate(100, -4, -128, 127),
            127); // left shift saturates
  EXPECT_EQ(npu::shiftRoundSaturate(int64_t(1) << 40, -30, -128, 127),
            127); // no overflow
}

TEST(DeviceArithmetic, AveragePoolMultipliers) {
  auto eq = [](npu::AvgFactor f, int64_t m, int64_t s) {
    return f.multiplier == m && f.shift == s;
  };
  EXPECT_TRUE(eq(npu::avgFactor(3, 3), 7, 6));
  EXPECT_TRUE(eq(npu::avgFactor(5, 5), 10, 8));
  EXPECT_TRUE(eq(npu::avgFactor(6, 6), 7, 8));
  EXPECT_TRUE(eq(npu::avgFactor(7, 7), 21, 10));
  EXPECT_TRUE(eq(npu::avgFactor(14, 14), 21, 12));
  EXPECT_TRUE(eq(npu::avgFactor(2, 2), 1, 2)); // powers of two are exact
  EXPECT_TRUE(eq(npu::avgFactor(4, 4), 1, 4));
  EXPECT_TRUE(
      eq(npu::avgFactor(3, 1), 85, 8)); // the rule: best s < ceil(log2(384))
  EXPECT_DOUBLE_EQ(npu::avgFactor(3, 3).correction(9), 63.0 / 64.0);
}

TEST(DeviceArithmetic, LeakySlope) {
  EXPECT_EQ(npu::leakyNumerator(0.1, 8), 26); // 25.6
  EXPECT_EQ(npu::leakyNumerator(0.01, 8), 3); // 2.56
  EXPECT_EQ(npu::leakyNumerator(0.2, 8), 51); // 51.2
  EXPECT_EQ(npu::leakyNumerator(0.1015625, 8), 26);
  EXPECT_EQ(npu::leakyNumerator(0.1, 4), 2); // 1.6
  EXPECT_EQ(npu::log2Exact(256), 8);
  EXPECT_EQ(npu::log2Exact(1), 0);
  EXPECT_EQ(npu::log2Exact(100), -1);
  EXPECT_DOUBLE_EQ((npu::FixedScale{26, 8}.value()), 0.1015625);
}

namespace {

struct Graph {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  explicit Graph(const std::string &text) {
    context.loadDialect<NNDCTDialect, func::FuncDialect>();
    module = parseSourceString<ModuleOp>(text, &context);
  }
  func::FuncOp func() { return module->lookupSymbol<func::FuncOp>("main"); }
  /// Runs in `mode`; Integer results are dequantized.
  std::vector<float> run(ExecutionMode mode, Tensor x) {
    InterpreterOptions o;
    o.mode = mode;
    auto interp = Interpreter::create(func(), o);
    EXPECT_TRUE(succeeded(interp));
    if (failed(interp))
      return {};
    auto out = (*interp)->run({x});
    EXPECT_TRUE(succeeded(out));
    if (failed(out))
      return {};
    if (mode == ExecutionMode::Integer)
      dequantizeIntegerResults(func(), *out);
    return (*out)[0].data;
  }
};

/// x (fp i) -> 1x1 conv with weight 0.75 (fp 2) and bias b (fp bfp)
/// [-> leaky(alpha)] -> fix (fp 2).
std::string convGraph(const char *bias, int bfp,
                      const char *leakyAlpha = nullptr, int ifp = 1) {
  std::string s = R"mlir(
func.func @main(%x: tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32> {
  %xi = nndct.fix %x kind <input> round <half_up> bits 8 fp IFP : tensor<1x1x1x4xf32>
  %w = nndct.constant dense<0.75> : tensor<1x1x1x1xf32>
  %wq = nndct.fix %w kind <weight> round <std_round> bits 8 fp 2 : tensor<1x1x1x1xf32>
  %b = nndct.constant dense<BIAS> : tensor<1xf32>
  %bq = nndct.fix %b kind <bias> round <std_round> bits 8 fp BFP : tensor<1xf32>
  %c = nndct.conv2d %xi, %wq, %bq : (tensor<1x1x1x4xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  ACT
  %o = nndct.fix %a kind <activation> round <half_up> bits 8 fp 2 : tensor<1x1x1x4xf32>
  return %o : tensor<1x1x1x4xf32>
}
)mlir";
  auto replace = [&](const std::string &from, const std::string &to) {
    s.replace(s.find(from), from.size(), to);
  };
  replace("IFP", std::to_string(ifp));
  replace("BIAS", bias);
  replace("BFP", std::to_string(bfp));
  replace("ACT", leakyAlpha
                     ? std::string("%a = nndct.leaky_relu %c {alpha = ") +
                           leakyAlpha + "} : tensor<1x1x1x4xf32>"
                     : std::string("%a = nndct.relu %c : tensor<1x1x1x4xf32>"));
  return s;
}

} // namespace

// i = 1, w = 2, b = 1: the bias is shifted left by i + w - b = 2 into the
// accumulator (fp 3); shift_cut = 3 - 2 = 1 with round-half-up; relu.
TEST(IntegerMode, ConvBiasShiftTiesAndSaturation) {
  Graph g(convGraph("0.5", 1));
  ASSERT_TRUE(g.module);
  // codes 1, -3, 127, -1: acc = 3*q + (1 << 2) = 7, -5, 385, 1
  // -> >>1 half-up: 4 (3.5), -2 (-2.5), 193 -> 127, 1 (0.5); relu.
  Tensor x{{1, 1, 1, 4}, {0.5f, -1.5f, 63.5f, -0.5f}};
  std::vector<float> in = g.run(ExecutionMode::Integer, x);
  std::vector<float> fq = g.run(ExecutionMode::FakeQuant, x);
  std::vector<float> want = {1.0f, 0.0f, 31.75f, 0.25f};
  EXPECT_EQ(in, want);
  EXPECT_EQ(fq, want); // float arithmetic is exact here: same numbers
}

// b = 5 > i + w = 3 (negative shift_bias): the accumulator moves to fp 5.
TEST(IntegerMode, ConvNegativeBiasShift) {
  Graph g(convGraph("0.09375", 5)); // bias code 3 at fp 5
  ASSERT_TRUE(g.module);
  // x 0.5 -> code 1; 3 << 2 = 12, + 3 = 15 at fp 5 (0.46875) -> fp 2: 1.875
  // -> 2.
  Tensor x{{1, 1, 1, 4}, {0.5f, 1.0f, 0.0f, 2.0f}};
  std::vector<float> in = g.run(ExecutionMode::Integer, x);
  EXPECT_EQ(in, (std::vector<float>{0.5f, 0.75f, 0.0f, 1.5f}));
  EXPECT_EQ(in, g.run(ExecutionMode::FakeQuant, x));
}

// A leaky after a conv with the device slope recorded (npu_multiplier 26,
// npu_shift 8, as nndct-emulate-npu-numerics writes it) runs on the
// accumulator; without the attributes the integer mode computes alpha in
// float like fake-quant, so both agree either way: the IR decides.
TEST(IntegerMode, FusedLeakySlope) {
  // i = 0, w = 2, b = 1: acc at fp 2 is 3 * q; the leaky multiplies by 26
  // (fp 10), shift_cut 8. x = -45: acc -33.75; device -33.75 * 26/256 =
  // -3.4277 -> -13.71 -> -14 (-3.5); alpha 0.1: -3.375 -> -13.5 -> -13
  // (half up: -3.25). x = -41: -3.123 vs -3.075, both -> -12 (-3.0).
  Tensor x{{1, 1, 1, 4}, {-45.0f, -41.0f, 8.0f, 0.0f}};
  Graph g(convGraph("0.0", 1, "1.000000e-01 : f32", /*ifp=*/0));
  ASSERT_TRUE(g.module);
  std::vector<float> in = g.run(ExecutionMode::Integer, x);
  EXPECT_EQ(in, (std::vector<float>{-3.25f, -3.0f, 6.0f, 0.0f}));
  EXPECT_EQ(in, g.run(ExecutionMode::FakeQuant, x));

  Graph e(convGraph(
      "0.0", 1, "1.015625e-01 : f32, npu_multiplier = 26, npu_shift = 8", 0));
  ASSERT_TRUE(e.module);
  std::vector<float> device = e.run(ExecutionMode::Integer, x);
  EXPECT_EQ(device, (std::vector<float>{-3.5f, -3.0f, 6.0f, 0.0f}));
  EXPECT_EQ(device, e.run(ExecutionMode::FakeQuant, x));

  // Another recorded slope (a target with 1/16 steps): x * 2 >> 4.
  Graph s(convGraph("0.0", 1,
                    "1.250000e-01 : f32, npu_multiplier = 2, "
                    "npu_shift = 4",
                    0));
  ASSERT_TRUE(s.module);
  EXPECT_EQ(s.run(ExecutionMode::Integer, x),
            s.run(ExecutionMode::FakeQuant, x));
}

namespace {
const char *kAvgGraph = R"mlir(
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  %xi = nndct.fix %x kind <input> round <half_up> bits 8 fp 0 : tensor<1x1x3x3xf32>
  %p = nndct.avg_pool2d %xi {kernel_size = array<i64: 3, 3>ATTR} : (tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  %o = nndct.fix %p kind <activation> round <half_up> bits 8 fp 2 : tensor<1x1x1x1xf32>
  return %o : tensor<1x1x1x1xf32>
}
)mlir";
std::string avgGraph(bool marked) {
  std::string s = kAvgGraph;
  s.replace(s.find("ATTR"), 4, marked ? ", npu_numerics" : "");
  return s;
}
} // namespace

// 3x3 average on the device: sum * 7 >> 6 (the mean times 63/64), when the
// IR says so (`npu_numerics`); unmarked, both modes take the exact mean.
TEST(IntegerMode, AveragePoolCorrection) {
  // sum = 90: mean 10 -> 40 at fp 2; device 90 * 7 / 64 = 9.84375 -> 39.375
  // -> 39.
  Tensor x{{1, 1, 3, 3}, {10, 10, 10, 10, 10, 10, 10, 10, 10}};
  Graph plain(avgGraph(false)), marked(avgGraph(true));
  ASSERT_TRUE(plain.module && marked.module);
  EXPECT_EQ(plain.run(ExecutionMode::Integer, x), (std::vector<float>{10.0f}));
  EXPECT_EQ(plain.run(ExecutionMode::FakeQuant, x),
            (std::vector<float>{10.0f}));
  EXPECT_EQ(marked.run(ExecutionMode::Integer, x), (std::vector<float>{9.75f}));
  EXPECT_EQ(marked.run(ExecutionMode::FakeQuant, x),
            (std::vector<float>{9.75f}));
  EXPECT_EQ(marked.run(ExecutionMode::Float, x), (std::vector<float>{10.0f}));
}

namespace {
/// A 3x3 stride-2 padded conv (cin -> 8) with random weight codes at fp 7
/// and a bias, between fixes: the shape of a real layer.
std::string randomConvGraph(int64_t cin, int64_t maxCode, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> code(-maxCode, maxCode);
  auto list = [&](int64_t n, int fp) {
    std::string s;
    for (int64_t i = 0; i < n; ++i)
      s += (i ? ", " : "") + std::to_string(double(code(rng)) / (1 << fp));
    return s;
  };
  std::string c = std::to_string(cin);
  return "func.func @main(%x: tensor<1x" + c +
         "x9x9xf32>) -> tensor<1x8x5x5xf32> {\n"
         "  %xi = nndct.fix %x kind <input> round <half_up> bits 8 fp 4 : "
         "tensor<1x" +
         c +
         "x9x9xf32>\n"
         "  %w = nndct.constant dense<[" +
         list(8 * cin * 9, 7) + "]> : tensor<" + std::to_string(8 * cin * 9) +
         "xf32>\n"
         "  %wr = nndct.reshape %w : (tensor<" +
         std::to_string(8 * cin * 9) + "xf32>) -> tensor<8x" + c +
         "x3x3xf32>\n"
         "  %wq = nndct.fix %wr kind <weight> round <std_round> bits 8 fp 7 : "
         "tensor<8x" +
         c +
         "x3x3xf32>\n"
         "  %b = nndct.constant dense<[" +
         list(8, 5) +
         "]> : tensor<8xf32>\n"
         "  %bq = nndct.fix %b kind <bias> round <std_round> bits 8 fp 5 : "
         "tensor<8xf32>\n"
         "  %y = nndct.conv2d %xi, %wq, %bq {strides = array<i64: 2, 2>, pads "
         "= array<i64: 1, 1, 1, 1>} : (tensor<1x" +
         c + "x9x9xf32>, tensor<8x" + c +
         "x3x3xf32>, tensor<8xf32>) -> tensor<1x8x5x5xf32>\n"
         "  %o = nndct.fix %y kind <activation> round <half_up> bits 8 fp 3 : "
         "tensor<1x8x5x5xf32>\n"
         "  return %o : tensor<1x8x5x5xf32>\n}\n";
}
} // namespace

// The integer conv runs on oneDNN's float convolution when every partial
// sum provably fits a float's 24-bit significand, else on int64 loops:
// either way the codes equal the reference kernels' bit for bit. cin 16
// takes the float path; cin 256 with full-range weights exceeds the bound
// (128 * 2304 * 127 > 2^24) and falls back.
TEST(IntegerMode, ConvOnFloatKernelIsExact) {
  for (auto [cin, maxCode] : {std::pair<int64_t, int64_t>{16, 127},
                              std::pair<int64_t, int64_t>{256, 127}}) {
    Graph g(randomConvGraph(cin, maxCode, unsigned(cin)));
    ASSERT_TRUE(g.module) << "cin " << cin;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-8.0f, 8.0f);
    Tensor x{{1, cin, 9, 9}, {}};
    for (int64_t i = 0; i < cin * 81; ++i)
      x.data.push_back(u(rng));
    std::vector<std::vector<float>> outs;
    for (bool oneDNN : {true, false}) {
      InterpreterOptions o;
      o.mode = ExecutionMode::Integer;
      o.useOneDNN = oneDNN;
      auto interp = Interpreter::create(g.func(), o);
      ASSERT_TRUE(succeeded(interp));
      auto out = (*interp)->run({x});
      ASSERT_TRUE(succeeded(out));
      outs.push_back((*out)[0].data);
    }
    EXPECT_EQ(outs[0], outs[1]) << "cin " << cin;
  }
}
