//===- consumer.cpp - an embedding compiler using the nndct package -------===//
//
// Builds conv2d -> batch_norm with the C++ API, runs the PTQ prepare
// pipeline up to the `regions` phase (fold-batchnorm, canonicalize,
// verify-canonical, partition, insert-fix) and prints the result. It links
// NNDCTPasses and NNDCTIR only: no interpreter, no oneDNN.
//
//===----------------------------------------------------------------------===//

#include "ir/ConstantUtils.h"
#include "ir/NNDCTOps.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::nndct;

int main() {
  MLIRContext context;
  context.loadDialect<NNDCTDialect, func::FuncDialect>();
  OpBuilder b(&context);
  Location loc = NameLoc::get(b.getStringAttr("consumer.conv"));
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  Type f32 = b.getF32Type();
  auto xType = RankedTensorType::get({1, 2, 4, 4}, f32);
  auto func =
      func::FuncOp::create(b, loc, "main", b.getFunctionType({xType}, {xType}));
  b.setInsertionPointToEnd(func.addEntryBlock());
  auto vec = RankedTensorType::get({2}, f32);
  Value w = createFloatConstant(
      b, loc, RankedTensorType::get({2, 2, 1, 1}, f32), "w", {1, 0, 0, 1});
  Value conv = Conv2DOp::create(
      b, loc, func.getArgument(0), w, Value(), b.getDenseI64ArrayAttr({1, 1}),
      b.getDenseI64ArrayAttr({0, 0, 0, 0}), b.getDenseI64ArrayAttr({1, 1}),
      b.getI64IntegerAttr(1));
  Value one = createFloatConstant(b, loc, vec, "one", {1, 1});
  Value bn = BatchNormOp::create(b, loc, conv, one, one, one, one,
                                 b.getF32FloatAttr(0));
  func::ReturnOp::create(b, loc, bn);

  PassManager pm(&context);
  PTQOptions options;
  options.compileTo = CompilePhase::Regions;
  populatePTQPreparePipeline(pm, options);
  if (failed(pm.run(module))) {
    llvm::errs() << "consumer: pipeline failed\n";
    return 1;
  }
  module.print(llvm::outs());
  module->erase();
  return 0;
}
