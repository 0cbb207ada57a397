//===- OpCompletenessTest.cpp - no op of the dialect is half-added --------===//
//
// Walks every registered nndct op and checks the entries each one needs:
// its quantization role (ir/QuantOpInterface.td), a float kernel, an
// integer-mode kernel, an example (a round-trip file of test/ir such as
// ops.mlir, or an ONNX export fixture of test/backends/onnx/Inputs), an
// ONNX export of every example on its own, and an xmodel export of every
// example placed on the CPU: an XIR op, or a custom op whose reason the
// exporter states (backends/xmodel/CustomOps.cpp; an op with neither is an
// exporter error). A new op cannot be half-added.
//
//===----------------------------------------------------------------------===//

#include "backends/interpreter/OpKernels.h"
#include "backends/onnx/ONNXExporter.h"
#include "ir/ConstantUtils.h"
#include "ir/NNDCTDialect.h"
#include "ir/NNDCTOps.h"
#include "ir/TargetModel.h"
#include "passes/Passes.h"
#ifdef NNDCT_HAVE_XMODEL
#include "backends/xmodel/XModelExport.h"
#endif

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nndct;

namespace {

std::vector<RegisteredOperationName> nndctOps(MLIRContext &context) {
  std::vector<RegisteredOperationName> ops;
  for (RegisteredOperationName name : context.getRegisteredOperations())
    if (name.getDialectNamespace() == NNDCTDialect::getDialectNamespace())
      ops.push_back(name);
  return ops;
}

TEST(OpCompleteness, EveryOpHasARoleAndKernels) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect>();
  std::vector<RegisteredOperationName> ops = nndctOps(context);
  ASSERT_GT(ops.size(), 100u);
  const KernelRegistry &kernels = KernelRegistry::get();
  // Region structure has no kernel of its own (the interpreter walks into
  // regions), nor do constants (read once into value slots).
  llvm::StringSet<> structural = {RegionOp::getOperationName(),
                                  YieldOp::getOperationName(),
                                  ConstantOp::getOperationName()};
  for (RegisteredOperationName name : ops) {
    SCOPED_TRACE(name.getStringRef().str());
    EXPECT_TRUE(name.hasInterface<QuantOpInterface>());
    if (structural.contains(name.getStringRef()))
      continue;
    EXPECT_NE(kernels.lookup(name.getStringRef(), ExecutionMode::Float),
              nullptr)
        << "no float kernel";
    EXPECT_NE(kernels.lookup(name.getStringRef(), ExecutionMode::Integer),
              nullptr)
        << "no integer-mode kernel";
  }
}

/// The example modules: the round-trip files of test/ir (not the
/// *invalid* ones) and the ONNX export fixtures.
std::vector<OwningOpRef<ModuleOp>> parseExamples(MLIRContext &context) {
  std::vector<std::string> paths;
  for (const char *dir :
       {NNDCT_TEST_DIR "/ir", NNDCT_TEST_DIR "/backends/onnx/Inputs"}) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; !ec && it != end;
         it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".mlir" &&
          !StringRef(it->path()).contains("invalid"))
        paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<OwningOpRef<ModuleOp>> modules;
  for (const std::string &path : paths) {
    modules.push_back(parseSourceFile<ModuleOp>(path, &context));
    EXPECT_TRUE(modules.back()) << "cannot parse " << path;
    if (!modules.back())
      modules.pop_back();
  }
  return modules;
}

/// False for a dense_resource constant whose blob the example leaves out.
bool readable(ConstantOp c) {
  ElementsAttr v = c.getValue();
  return !isa<DenseResourceElementsAttr>(v) || readFloats(v) || readInts(v);
}

/// A zero constant of `c`'s type (for examples without weight data).
ConstantOp zerosLike(OpBuilder &b, ConstantOp c) {
  auto type = cast<RankedTensorType>(c.getType());
  Attribute zero = isa<FloatType>(type.getElementType())
                       ? Attribute(b.getFloatAttr(type.getElementType(), 0.0))
                       : Attribute(b.getIntegerAttr(type.getElementType(), 0));
  return ConstantOp::create(b, c.getLoc(), DenseElementsAttr::get(type, zero));
}

/// A module whose main function holds only `op`: its constant operands are
/// cloned, the others become arguments, its results are returned.
OwningOpRef<ModuleOp> isolate(Operation *op) {
  OpBuilder b(op->getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(op->getLoc());
  b.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> argTypes;
  for (Value v : op->getOperands())
    if (!isa_and_nonnull<ConstantOp>(v.getDefiningOp()))
      argTypes.push_back(v.getType());
  auto func =
      func::FuncOp::create(b, op->getLoc(), "main",
                           b.getFunctionType(argTypes, op->getResultTypes()));
  Block *body = func.addEntryBlock();
  // Unnamed arguments: exporters name them input_<i>, not after the op.
  for (BlockArgument a : body->getArguments())
    a.setLoc(UnknownLoc::get(op->getContext()));
  b.setInsertionPointToEnd(body);
  IRMapping map;
  unsigned arg = 0;
  for (Value v : op->getOperands()) {
    if (map.contains(v))
      continue;
    if (auto c = dyn_cast_or_null<ConstantOp>(v.getDefiningOp()))
      map.map(v, readable(c) ? Value(b.clone(*c)->getResult(0))
                             : Value(zerosLike(b, c).getResult()));
    else
      map.map(v, body->getArgument(arg++));
  }
  Operation *clone = b.clone(*op, map);
  func::ReturnOp::create(b, op->getLoc(), clone->getResults());
  return module;
}

/// Calls `check(op, where)` for every example op that stands on its own
/// (region structure, the fix and the markers export as part of a region,
/// constants as initializers) and `any(op)` for every nndct op of the
/// examples.
template <typename Check, typename Any = void (*)(Operation *)>
void forEachExample(
    MLIRContext &context, Check check, Any any = [](Operation *) {}) {
  std::vector<OwningOpRef<ModuleOp>> examples = parseExamples(context);
  llvm::StringSet<> partOfAGraph = {
      RegionOp::getOperationName(), YieldOp::getOperationName(),
      FixOp::getOperationName(), ConstantOp::getOperationName()};
  for (OwningOpRef<ModuleOp> &module : examples)
    module->walk([&](Operation *op) {
      if (!isa<NNDCTDialect>(op->getDialect()))
        return;
      any(op);
      if (partOfAGraph.contains(op->getName().getStringRef()) ||
          op->getParentOfType<RegionOp>())
        return;
      std::string where;
      llvm::raw_string_ostream(where) << op->getLoc();
      check(op, where);
    });
}

TEST(OpCompleteness, EveryOpHasAnExampleAndAnONNXExport) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  llvm::StringSet<> seen;
  forEachExample(
      context,
      [&](Operation *op, const std::string &where) {
        OwningOpRef<ModuleOp> alone = isolate(op);
        std::string errors;
        ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
          errors += d.str() + "\n";
          return success();
        });
        std::string bytes;
        llvm::raw_string_ostream os(bytes);
        ONNXExportOptions options;
        options.opset = 17; // the newest libonnx 1.12 checks (layer_norm)
        EXPECT_TRUE(succeeded(exportQDQONNX(*alone, os, options)))
            << op->getName().getStringRef().str() << " at " << where
            << " does not export to ONNX on its own: " << errors;
      },
      [&](Operation *op) { seen.insert(op->getName().getStringRef()); });
  for (RegisteredOperationName name : nndctOps(context))
    EXPECT_TRUE(seen.contains(name.getStringRef()))
        << name.getStringRef().str()
        << " has no example in test/ir or an ONNX export fixture";
}

#ifdef NNDCT_HAVE_XMODEL
TEST(OpCompleteness, EveryOpHasAnXModelMappingOrAStatedReason) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  llvm::StringSet<> exported;
  forEachExample(context, [&](Operation *op, const std::string &where) {
    OwningOpRef<ModuleOp> alone = isolate(op);
    (*alone)->setAttr(kTargetAttrName,
                      TargetAttr::get(&context, "AMD_AIE2_Nx4_Overlay_cfg0"));
    std::string errors;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      errors += d.str() + "\n";
      return success();
    });
    PassManager pm(&context);
    pm.addNestedPass<func::FuncOp>(createPlaceOpsPass());
    ASSERT_TRUE(succeeded(pm.run(*alone))) << errors;
    std::string bytes;
    llvm::raw_string_ostream os(bytes);
    bool ok = succeeded(exportXModelToStream(*alone, os));
    EXPECT_TRUE(ok) << op->getName().getStringRef().str() << " at " << where
                    << " does not export to an xmodel on the CPU: " << errors;
    if (ok)
      exported.insert(op->getName().getStringRef());
  });
  // Every compute op of the dialect reached the exporter at least once.
  EXPECT_GT(exported.size(), 100u);
}
#endif

TEST(OpCompleteness, RolesFollowTheTraits) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%x: tensor<1x4x8x8xf32>, %i: tensor<2xi64>) -> tensor<1x4x16x16xf32> {
      %w = nndct.constant dense<1.0> : tensor<4x4x1x1xf32>
      %b = nndct.constant dense<0.0> : tensor<4xf32>
      %c = nndct.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
      %r = nndct.relu %c : tensor<1x4x8x8xf32>
      %s = nndct.sigmoid %r : tensor<1x4x8x8xf32>
      %n = nndct.resize %s {mode = #nndct.resize_mode<nearest>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
      %l = nndct.resize %s {mode = #nndct.resize_mode<bilinear>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
      %e = nndct.neg %i : tensor<2xi64>
      %a = nndct.add %n, %l : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
      return %a : tensor<1x4x16x16xf32>
    })mlir",
                                                             &context);
  ASSERT_TRUE(module);
  std::map<std::string, std::vector<QuantRole>> roles;
  Operation *conv = nullptr;
  module->walk([&](Operation *op) {
    roles[op->getName().getStringRef().str()].push_back(getQuantRole(op));
    if (isa<Conv2DOp>(op))
      conv = op;
  });
  using R = std::vector<QuantRole>;
  EXPECT_EQ(roles["nndct.conv2d"], R{QuantRole::Compute});
  EXPECT_EQ(roles["nndct.relu"], R{QuantRole::Follower});
  EXPECT_EQ(roles["nndct.sigmoid"], R{QuantRole::Float});
  EXPECT_EQ(roles["nndct.constant"], R(2, QuantRole::Constant));
  // Nearest resize moves values; bilinear computes new ones.
  EXPECT_EQ(roles["nndct.resize"],
            (R{QuantRole::Follower, QuantRole::Compute}));
  // An integer tensor has no fix point: a quantizable op on one is Float.
  EXPECT_EQ(roles["nndct.neg"], R{QuantRole::Float});
  EXPECT_EQ(roles["func.func"], R{QuantRole::Forbidden});
  ASSERT_TRUE(conv);
  EXPECT_FALSE(isBiasOperand(conv, 1));
  EXPECT_TRUE(isBiasOperand(conv, 2));
  EXPECT_TRUE(isValuePreserving(*conv->getUsers().begin()));
  EXPECT_FALSE(isValuePreserving(conv));
}

TEST(OpCompleteness, ForbiddenOpsSayWhy) {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%x: tensor<1x4x2x2xf32>, %m: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
      %y = nndct.batch_norm %x, %m, %m, %m, %m : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
      return %y : tensor<1x4x2x2xf32>
    })mlir",
                                                             &context);
  ASSERT_TRUE(module);
  module->walk([&](BatchNormOp bn) {
    EXPECT_EQ(getQuantRole(bn), QuantRole::Forbidden);
    EXPECT_EQ(getForbiddenReason(bn),
              "batch_norm must be folded first (run nndct-fold-batchnorm)");
  });
}

} // namespace
