//===- OptionChecksTest.cpp - option ranges of passes built from C++ ------===//
//
// Passes created through the C++ API never see the pipeline parser, so they
// check their option ranges again when they start (test/passes/
// option-ranges.test covers the parser and the PTQ pipeline). Out-of-range
// options fail the pass with a message naming the pass, the option and the
// value, and leave the module alone.
//
//===----------------------------------------------------------------------===//

#include "passes/OptionChecks.h"
#include "ir/NNDCTDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nndct;

namespace {

constexpr const char *kModule = R"mlir(
func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nndct.relu %x : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
)mlir";

/// Runs `pass` on kModule; returns the diagnostics (empty on success).
std::string runPass(std::unique_ptr<Pass> pass, bool nested) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  std::string messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    messages += d.str();
    return success();
  });
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModule, &context);
  EXPECT_TRUE(module);
  PassManager pm(&context);
  if (nested)
    pm.addNestedPass<func::FuncOp>(std::move(pass));
  else
    pm.addPass(std::move(pass));
  bool ok = succeeded(pm.run(*module));
  EXPECT_EQ(ok, messages.empty()) << messages;
  return messages;
}

TEST(OptionChecks, InsertFixBitWidth) {
  InsertFixPassOptions o;
  o.bitWidth = 0;
  EXPECT_EQ(runPass(createInsertFixPass(o), true),
            "nndct-insert-fix: bit-width must be in [2, 32], got 0");
  o.bitWidth = 8;
  EXPECT_EQ(runPass(createInsertFixPass(o), true), "");
}

TEST(OptionChecks, AssignFixPointsPercentile) {
  AssignFixPointsPassOptions o;
  o.percentile = -5;
  EXPECT_EQ(runPass(createAssignFixPointsPass(o), true),
            "nndct-assign-fix-points: percentile must be in (0, 100], got -5");
}

TEST(OptionChecks, Ranges) {
  EXPECT_EQ(options::checkRange("x", 5, 1, 5), "");
  EXPECT_EQ(options::checkRange("x", -1, 0, 5), "x must be in [0, 5], got -1");
  EXPECT_EQ(options::checkOpenClosed("p", 0.05, 0, 1), "");
  EXPECT_EQ(options::checkOpenClosed("p", 0, 0, 1),
            "p must be in (0, 1], got 0");
}

} // namespace
