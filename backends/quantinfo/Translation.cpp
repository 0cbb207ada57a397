//===- Translation.cpp - nndct-translate --export/--apply-quant-info ------===//
//
// `--export-quant-info` prints quant_info.json for a quantized module;
// `--apply-quant-info --quant-info-file=F` applies F (test mode) and prints
// the module with the file's fix points.
//
//===----------------------------------------------------------------------===//

#include "backends/quantinfo/QuantInfo.h"

#include "ir/ModelSource.h"
#include "ir/NNDCTDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"

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
  static llvm::cl::opt<std::string> quantInfoFile(
      "quant-info-file", llvm::cl::desc("quant_info.json to apply (--apply-quant-info)"),
      llvm::cl::value_desc("path"));

  registerModelExport(
      "export-quant-info", "write quant_info.json for a quantized nndct module",
      [](ModuleOp module, raw_ostream &os) -> LogicalResult {
        QuantInfoOptions options;
        options.graphName = graphName;
        return writeQuantInfo(module, os, options);
      },
      registerDialects);

  registerModelExport(
      "apply-quant-info",
      "set fix points from --quant-info-file (test mode) and print the module",
      [](ModuleOp module, raw_ostream &os) -> LogicalResult {
        if (quantInfoFile.empty())
          return emitError(module.getLoc(), "--apply-quant-info needs --quant-info-file");
        std::string message;
        std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(quantInfoFile, &message);
        if (!buffer)
          return emitError(module.getLoc()) << "cannot read " << quantInfoFile << ": "
                                            << message;
        if (failed(applyQuantInfo(module, buffer->getBuffer(), quantInfoFile)))
          return failure();
        // Locations carry the node names: keep them so the result can be
        // exported again.
        module->print(os, OpPrintingFlags().enableDebugInfo());
        os << '\n';
        return success();
      },
      registerDialects);
}
