//===- XModelTranslation.cpp - nndct-translate --export-xmodel ------------===//
//
// Registers the translation. libxir serializes to files, so by default the
// one exported graph is streamed into mlir-translate's output;
// `--xmodel-output=<path>` writes the files directly (one per region when
// there are several) and prints what it wrote. The exporter needs the
// placement of nndct-place-ops; `--xmodel-target=<name>` runs that pass
// first for IR written by hand or by an older nndct.
//
//===----------------------------------------------------------------------===//

#include "backends/xmodel/XModelExport.h"

#include "ir/ModelSource.h"
#include "ir/NNDCTDialect.h"
#include "ir/TargetModel.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;
using namespace mlir::nndct;

/// Attaches `target` (unless the module names it already) and places ops.
static LogicalResult placeFor(ModuleOp module, StringRef target) {
  if (!TargetModel::lookup(target))
    return module.emitError("--xmodel-target: unknown target '")
           << target << "'";
  auto existing = module->getAttrOfType<TargetAttr>(kTargetAttrName);
  if (existing && existing.getName() != target)
    return module.emitError("--xmodel-target=")
           << target << ": the module is compiled for '" << existing.getName()
           << "'";
  module.getContext()->getOrLoadDialect<NNDCTDialect>();
  module->setAttr(kTargetAttrName,
                  TargetAttr::get(module.getContext(), target));
  PassManager pm(module.getContext());
  pm.addNestedPass<func::FuncOp>(createPlaceOpsPass());
  return pm.run(module);
}

void mlir::nndct::registerXModelExportTranslation() {
  static llvm::cl::opt<std::string> outputPath(
      "xmodel-output",
      llvm::cl::desc("--export-xmodel: write the xmodel file(s) to this path "
                     "(<stem>_<region>.xmodel when there are several regions) "
                     "and print a summary instead of streaming the model"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> regionName(
      "xmodel-region",
      llvm::cl::desc("--export-xmodel: export only this nndct.region"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> targetName(
      "xmodel-target",
      llvm::cl::desc("--export-xmodel: attach this target and run "
                     "nndct-place-ops before exporting (for IR without "
                     "placements)"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> graphName(
      "xmodel-name", llvm::cl::desc("--export-xmodel: XIR graph name"),
      llvm::cl::init(""));

  registerModelExport(
      "export-xmodel", "export quantized nndct IR to an XIR .xmodel",
      [](ModuleOp module, raw_ostream &os) -> LogicalResult {
        if (!targetName.empty() && failed(placeFor(module, targetName)))
          return failure();
        XModelExportOptions options;
        options.region = regionName;
        options.modelName = graphName;
        if (outputPath.empty())
          return exportXModelToStream(module, os, options);
        FailureOr<SmallVector<XModelFileInfo>> files =
            exportXModel(module, outputPath, options);
        if (failed(files))
          return failure();
        for (const XModelFileInfo &file : *files) {
          os << "region '" << file.region << "': " << file.path << " ("
             << file.numOps << " XIR ops:";
          for (auto &[type, count] : file.opCounts)
            os << " " << type << "=" << count;
          os << ")\n";
        }
        return success();
      },
      [](DialectRegistry &registry) {
        registry.insert<NNDCTDialect, func::FuncDialect>();
      });
}
