//===- Translation.cpp - nndct-translate --export-quant-info --------------===//
//
// `--export-quant-info` prints quant_info.json for a quantized module. The
// way back (test mode) changes the IR, so it is a pass:
// nndct-apply-quant-info (ApplyQuantInfo.cpp).
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"

#include "ir/ModelSource.h"
#include "ir/NNDCTDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;
using namespace mlir::nndct;

static void registerDialects(DialectRegistry &registry) {
  registry.insert<NNDCTDialect, func::FuncDialect>();
}

void mlir::nndct::registerQuantInfoTranslations() {
  static llvm::cl::opt<std::string> graphName(
      "quant-info-graph-name",
      llvm::cl::desc("Key prefix of quant_info.json entries (<name>::node)"),
      llvm::cl::init("Graph"));

  registerModelExport(
      "export-quant-info", "write quant_info.json for a quantized nndct module",
      [](ModuleOp module, raw_ostream &os) -> LogicalResult {
        QuantInfoOptions options;
        options.graphName = graphName;
        return writeQuantInfo(module, os, options);
      },
      registerDialects);
}
